package dev.phiguard.broker.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Passwords of per-lease roles and their SCRAM-SHA-256 verifiers. The role is created with the verifier
 * ({@code PASSWORD 'SCRAM-SHA-256$...'}, which PostgreSQL stores as it is), so the plaintext never travels in a
 * statement and cannot reach the server's log, {@code pg_stat_activity} or an error message.
 *
 * <p>The same construction as the lease credentials' ({@code lease.CredentialMinter}): 32 characters of the URL-safe
 * base64 alphabet (192 random bits, pure ASCII so SASLprep is the identity), PBKDF2-HMAC-SHA-256 with 4096
 * iterations and a 16-byte salt.
 */
final class RolePasswords {

    static final int LENGTH = 32;
    static final int ITERATIONS = 4096;
    static final int SALT_LENGTH = 16;
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private final SecureRandom random;

    RolePasswords(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A fresh password: {@value #LENGTH} characters, 192 bits. */
    char[] newPassword() {
        char[] password = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            password[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return password;
    }

    /** The verifier of a password with a fresh salt: {@code SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>}. */
    String verifier(char[] password) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        byte[] salted = null;
        byte[] clientKey = null;
        PBEKeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, 256);
        try {
            salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(salted, "HmacSHA256"));
            clientKey = hmac.doFinal("Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] serverKey = hmac.doFinal("Server Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            Base64.Encoder b64 = Base64.getEncoder();
            return "SCRAM-SHA-256$" + ITERATIONS + ':' + b64.encodeToString(salt) + '$'
                    + b64.encodeToString(storedKey) + ':' + b64.encodeToString(serverKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SCRAM-SHA-256 primitives are not available", e);
        } finally {
            spec.clearPassword();
            if (salted != null) {
                Arrays.fill(salted, (byte) 0);
            }
            if (clientKey != null) {
                Arrays.fill(clientKey, (byte) 0);
            }
        }
    }
}
