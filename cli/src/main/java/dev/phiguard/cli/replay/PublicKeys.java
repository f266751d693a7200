package dev.phiguard.cli.replay;

import dev.phiguard.cli.ExitCodes;
import dev.phiguard.proxy.recording.SigningKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** The Ed25519 public key that verifies recordings: from a pinned PEM file, or from the PEM the broker serves. */
final class PublicKeys {

    private PublicKeys() {
    }

    static PublicKey fromFile(Path file) {
        try {
            return SigningKeys.readPublicKey(file);
        } catch (IOException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, e.getMessage());
        }
    }

    /** Parses {@code -----BEGIN PUBLIC KEY-----} PEM text (X.509 SubjectPublicKeyInfo of an Ed25519 key). */
    static PublicKey fromPem(String pem, String source) {
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(body)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.FAILED, source + " is not an Ed25519 public key PEM");
        }
    }
}
