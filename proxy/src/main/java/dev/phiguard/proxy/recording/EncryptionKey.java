package dev.phiguard.proxy.recording;

import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The 32-byte AES-256 key that encrypts recordings at rest. Never shown by {@link #toString()}. */
public final class EncryptionKey {

    private final byte[] key;

    private EncryptionKey(byte[] key) {
        this.key = key;
    }

    /**
     * @param key exactly 32 bytes; copied
     * @throws IllegalArgumentException for any other length
     */
    public static EncryptionKey of(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != 32) {
            throw new IllegalArgumentException("the recording encryption key must have 32 bytes, got " + key.length);
        }
        return new EncryptionKey(key.clone());
    }

    SecretKey secretKey() {
        return new SecretKeySpec(key, "AES");
    }

    /** Overwrites the key material. */
    public void destroy() {
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "EncryptionKey[32 bytes]";
    }
}
