package dev.phiguard.policies.masking;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key with a one-byte domain tag in front of the message, so that the
 * token formats and the date shift never share an input space. One {@link Mac} per thread.
 */
final class KeyedHash {

    static final String ALGORITHM = "HmacSHA256";

    /** Domain tags: one per use of the key. Never reuse or renumber, tokens depend on them. */
    static final byte TEXT = 1;
    static final byte SSN_DIGITS = 2;
    static final byte SSN_OTHER = 3;
    static final byte MRN = 4;
    static final byte MRN_MORE = 5;
    static final byte EMAIL = 6;
    static final byte DATE_SHIFT = 7;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    KeyedHash(SecretKeySpec key) {
        this.key = key;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** {@code HMAC(key, domain || data[offset, offset + length))}, 32 bytes. */
    byte[] hmac(byte domain, byte[] data, int offset, int length) {
        Mac mac = macs.get();
        mac.update(domain);
        mac.update(data, offset, length);
        return mac.doFinal();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            // Every Java SE runtime provides HmacSHA256; without it nothing can be tokenised.
            throw new MaskingException("HmacSHA256 is not available: cannot tokenise values");
        }
    }
}
