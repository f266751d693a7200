package dev.phiguard.policies.masking;

/**
 * {@link Masking.Tokenize.Format#SSN}: a {@code 9AA-GG-SSSS} token (area 900-999, never issued as
 * an SSN), laid out like the input when the input is nine digits with dashes or spaces.
 */
final class SsnTokenizer implements Tokenizer {

    private static final int DIGITS = 9;

    private final KeyedHash hash;

    SsnTokenizer(KeyedHash hash) {
        this.hash = hash;
    }

    @Override
    public byte[] tokenize(byte[] value, int offset, int length) {
        int end = offset + length;
        if (isSsnShaped(value, offset, end)) {
            byte[] digits = new byte[DIGITS];
            int d = 0;
            for (int i = offset; i < end; i++) {
                if (Utf8.isDigit(value[i])) {
                    digits[d++] = value[i];
                }
            }
            byte[] token = tokenDigits(hash.hmac(KeyedHash.SSN_DIGITS, digits, 0, DIGITS));
            byte[] out = new byte[length];
            d = 0;
            for (int i = 0; i < length; i++) {
                byte b = value[offset + i];
                out[i] = Utf8.isDigit(b) ? token[d++] : b;
            }
            return out;
        }
        byte[] token = tokenDigits(hash.hmac(KeyedHash.SSN_OTHER, value, offset, length));
        return new byte[] {
            token[0], token[1], token[2], '-', token[3], token[4], '-', token[5], token[6], token[7], token[8]
        };
    }

    /** Exactly nine ASCII digits, otherwise only dashes and spaces. */
    static boolean isSsnShaped(byte[] value, int offset, int end) {
        int digits = 0;
        for (int i = offset; i < end; i++) {
            byte b = value[i];
            if (Utf8.isDigit(b)) {
                digits++;
            } else if (b != '-' && b != ' ') {
                return false;
            }
        }
        return digits == DIGITS;
    }

    /** Nine ASCII digits: area 900-999, group 01-99, serial 0001-9999, drawn from the MAC. */
    private static byte[] tokenDigits(byte[] mac) {
        int area = 900 + (int) (unsigned32(mac, 0) % 100);
        int group = 1 + (int) (unsigned32(mac, 4) % 99);
        int serial = 1 + (int) (unsigned32(mac, 8) % 9999);
        byte[] out = new byte[DIGITS];
        put(out, 0, area, 3);
        put(out, 3, group, 2);
        put(out, 5, serial, 4);
        return out;
    }

    private static long unsigned32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private static void put(byte[] out, int at, int number, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + number % 10);
            number /= 10;
        }
    }
}
