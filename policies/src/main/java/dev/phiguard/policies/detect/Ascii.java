package dev.phiguard.policies.detect;

/** ASCII byte classes used by the scanners. Non-ASCII bytes (negative) are in none of them. */
final class Ascii {

    private Ascii() {
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    static boolean isLetter(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    static boolean isLetterOrDigit(byte b) {
        return isDigit(b) || isLetter(b);
    }

    /** Lower case of an ASCII letter, any other byte unchanged. */
    static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    /** Whether {@code v[i, i + digits)} are all digits within {@code end}. */
    static boolean digitsAt(byte[] v, int i, int digits, int end) {
        if (i + digits > end) {
            return false;
        }
        for (int k = i; k < i + digits; k++) {
            if (!isDigit(v[k])) {
                return false;
            }
        }
        return true;
    }

    /** The number written by {@code v[i, i + digits)}, which must be digits. */
    static int number(byte[] v, int i, int digits) {
        int n = 0;
        for (int k = i; k < i + digits; k++) {
            n = n * 10 + (v[k] - '0');
        }
        return n;
    }

    /** Whether {@code v[i]} exists and is a digit. */
    static boolean digitAt(byte[] v, int i, int start, int end) {
        return i >= start && i < end && isDigit(v[i]);
    }

    /** Whether the word {@code lowerWord} (lower case ASCII) is at {@code v[i]}, in any case. */
    static boolean wordAt(byte[] v, int i, int end, String lowerWord) {
        int n = lowerWord.length();
        if (i + n > end) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (lower(v[i + k]) != lowerWord.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
