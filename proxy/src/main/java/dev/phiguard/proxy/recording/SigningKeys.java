package dev.phiguard.proxy.recording;

import dev.phiguard.proxy.tls.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The Ed25519 key pair that signs recordings, created once in a key directory: the private key as PKCS#8 PEM
 * with mode 0600 ({@value #PRIVATE_FILE}), the public key as X.509 PEM ({@value #PUBLIC_FILE}) for auditors.
 * {@link #toString()} shows the key id only.
 */
public final class SigningKeys {

    public static final String PRIVATE_FILE = "recording-signing-key.pem";
    public static final String PUBLIC_FILE = "recording-signing-key.pub.pem";
    static final String ALGORITHM = "Ed25519";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private SigningKeys(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = keyId(publicKey);
    }

    /**
     * Loads the key pair from {@code directory}, creating it on first use.
     *
     * @throws IOException naming the file if the keys cannot be read, written or do not belong together
     */
    public static SigningKeys loadOrCreate(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Path privateFile = directory.resolve(PRIVATE_FILE);
        Path publicFile = directory.resolve(PUBLIC_FILE);
        if (!Files.exists(privateFile)) {
            KeyPair pair = generate();
            Pem.writeAtomically(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()), "rw-r--r--", true);
            byte[] encoded = pair.getPrivate().getEncoded();
            byte[] pem = pem("PRIVATE KEY", encoded);
            try {
                Pem.writeAtomically(privateFile, pem, "rw-------", false);
                return new SigningKeys(pair.getPrivate(), pair.getPublic());
            } catch (FileAlreadyExistsException raced) {
                // another process created it first: use theirs
            } finally {
                Arrays.fill(encoded, (byte) 0);
                Arrays.fill(pem, (byte) 0);
            }
        }
        PrivateKey privateKey = readPrivateKey(privateFile);
        PublicKey publicKey = readPublicKey(publicFile);
        SigningKeys keys = new SigningKeys(privateKey, publicKey);
        byte[] probe = "phiguard recording key check".getBytes(StandardCharsets.US_ASCII);
        if (!verify(publicKey, probe, keys.sign(probe))) {
            throw new IOException("signing key " + publicFile + " does not belong to " + privateFile);
        }
        return keys;
    }

    /** A fresh pair that lives only in memory (for tests and throw-away demos). */
    public static SigningKeys ephemeral() {
        KeyPair pair = generate();
        return new SigningKeys(pair.getPrivate(), pair.getPublic());
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}), to hand to auditors. */
    public String publicKeyPem() {
        return new String(pem("PUBLIC KEY", publicKey.getEncoded()), StandardCharsets.US_ASCII);
    }

    public String keyId() {
        return keyId;
    }

    /** The first 8 bytes of SHA-256 over the X.509 encoding of the key, in hex. */
    public static String keyId(PublicKey key) {
        byte[] digest = RecordingFormat.sha256().digest(key.getEncoded());
        return HexFormat.of().formatHex(digest, 0, 8);
    }

    byte[] sign(byte[] data) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(privateKey);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Reads a public key PEM file ({@value #PUBLIC_FILE} or an auditor's copy).
     *
     * @throws IOException naming the file if it is missing or not an Ed25519 public key
     */
    public static PublicKey readPublicKey(Path file) throws IOException {
        byte[] der = der(file, "PUBLIC KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException("public key file " + file + " does not hold an Ed25519 public key");
        }
    }

    private static PrivateKey readPrivateKey(Path file) throws IOException {
        byte[] der = der(file, "PRIVATE KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException("private key file " + file + " does not hold an Ed25519 PKCS#8 key");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static byte[] der(Path file, String type) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("key file " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException("key file " + file + " holds no " + type + " PEM block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException bad) {
            throw new IOException("key file " + file + " is not valid PEM");
        }
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "SigningKeys[keyId=" + keyId + "]";
    }
}
