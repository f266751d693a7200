package dev.phiguard.policies.masking;

/**
 * {@link Masking.Tokenize.Format#MRN}: keeps the prefix and the separators, replaces every digit by
 * a digit and every letter by a letter of the same case, all drawn from the HMAC of the value.
 * Values that are not MRN-shaped get a {@code tok_} token instead (never passed through).
 */
final class MrnTokenizer implements Tokenizer {

    static final int MAX_LENGTH = 64;
    static final int MAX_PREFIX = 8;

    private final KeyedHash hash;
    private final TextTokenizer fallback;

    MrnTokenizer(KeyedHash hash) {
        this.hash = hash;
        this.fallback = new TextTokenizer(hash, KeyedHash.MRN);
    }

    @Override
    public byte[] tokenize(byte[] value, int offset, int length) {
        int end = offset + length;
        int trimmed = end;
        while (trimmed > offset && value[trimmed - 1] == ' ') {
            trimmed--;
        }
        int firstDigit = firstDigitIfShaped(value, offset, trimmed);
        if (firstDigit < 0) {
            return fallback.tokenize(value, offset, length);
        }
        byte[] stream = hash.hmac(KeyedHash.MRN, value, offset, trimmed - offset);
        if (trimmed - firstDigit > stream.length) {
            byte[] more = hash.hmac(KeyedHash.MRN_MORE, value, offset, trimmed - offset);
            byte[] both = new byte[stream.length + more.length];
            System.arraycopy(stream, 0, both, 0, stream.length);
            System.arraycopy(more, 0, both, stream.length, more.length);
            stream = both;
        }
        byte[] out = new byte[length];
        System.arraycopy(value, offset, out, 0, length);
        int s = 0;
        for (int i = firstDigit - offset; i < trimmed - offset; i++) {
            byte b = out[i];
            int r = stream[s] & 0xFF;
            if (Utf8.isDigit(b)) {
                out[i] = (byte) ('0' + r % 10);
                s++;
            } else if (Utf8.isUpper(b)) {
                out[i] = (byte) ('A' + r % 26);
                s++;
            } else if (Utf8.isLower(b)) {
                out[i] = (byte) ('a' + r % 26);
                s++;
            }
        }
        return out;
    }

    /**
     * The index of the first digit when {@code value[offset, end)} is MRN-shaped (at most
     * {@value #MAX_LENGTH} bytes of ASCII letters, digits and {@code - _ . / : #}, with at least one
     * digit and at most {@value #MAX_PREFIX} characters before it), else -1.
     */
    static int firstDigitIfShaped(byte[] value, int offset, int end) {
        if (end - offset > MAX_LENGTH) {
            return -1;
        }
        int firstDigit = -1;
        for (int i = offset; i < end; i++) {
            byte b = value[i];
            if (Utf8.isDigit(b)) {
                if (firstDigit < 0) {
                    firstDigit = i;
                }
            } else if (!Utf8.isUpper(b) && !Utf8.isLower(b)
                    && b != '-' && b != '_' && b != '.' && b != '/' && b != ':' && b != '#') {
                return -1;
            }
        }
        if (firstDigit < 0 || firstDigit - offset > MAX_PREFIX) {
            return -1;
        }
        return firstDigit;
    }
}
