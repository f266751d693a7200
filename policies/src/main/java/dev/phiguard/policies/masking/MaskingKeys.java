package dev.phiguard.policies.masking;

import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret key under which a purpose's tokens and date shifts are computed (HMAC-SHA256).
 * Tokens are stable for as long as the key is: give every lease of a purpose the same instance to
 * let joins work across sessions and leases; rotate the key to make old tokens unlinkable.
 *
 * <p>The key is copied on the way in and never shown: {@link #toString} prints no key material.
 * Instances are thread-safe; each thread lazily gets its own {@code Mac}.
 */
public final class MaskingKeys {

    /** Minimum key length in bytes (the HMAC-SHA256 output size). */
    public static final int MIN_KEY_BYTES = 32;

    private final KeyedHash hash;

    private MaskingKeys(byte[] key) {
        this.hash = new KeyedHash(new SecretKeySpec(key, KeyedHash.ALGORITHM));
    }

    /**
     * Holds a copy of {@code key}.
     *
     * @param key at least {@value #MIN_KEY_BYTES} random bytes; the caller may wipe its array afterwards
     * @throws IllegalArgumentException if the key is shorter
     */
    public static MaskingKeys of(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "masking key must be at least " + MIN_KEY_BYTES + " bytes, got " + key.length);
        }
        return new MaskingKeys(key.clone());
    }

    KeyedHash hash() {
        return hash;
    }

    @Override
    public String toString() {
        return "MaskingKeys[key=<redacted>]";
    }
}
