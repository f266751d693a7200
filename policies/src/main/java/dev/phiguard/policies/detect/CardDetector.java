package dev.phiguard.policies.detect;

/**
 * Payment card numbers: 13 to 19 digits, contiguous or in groups of 3 or more digits separated by
 * single spaces or dashes ({@code 4111 1111 1111 1111}, {@code 3782-822463-10005}), that pass the
 * Luhn check and start with 2-6, the first digit of every major network (Visa, Mastercard, Amex,
 * Discover, JCB, Diners, UnionPay, Maestro). A contiguous run of digits counts only as a whole; a
 * grouped run may hold a card number that starts and ends on group boundaries, the longest one
 * wins. Not preceded or followed by a digit, and not the fraction of a decimal number.
 */
final class CardDetector implements SpanDetector {

    static final int MIN_DIGITS = 13;
    static final int MAX_DIGITS = 19;
    private static final int MIN_GROUP = 3;

    @Override
    public DetectorKind kind() {
        return DetectorKind.CARD;
    }

    @Override
    public int minDigits() {
        return MIN_DIGITS;
    }

    @Override
    public long next(byte[] v, int start, int from, int end) {
        for (int i = from; i < end; i++) {
            if (!Ascii.isDigit(v[i]) || Ascii.digitAt(v, i - 1, start, end)
                    || (i - 2 >= start && v[i - 1] == '.' && Ascii.isDigit(v[i - 2]))) {
                continue;
            }
            long card = longestCardFrom(v, i, end);
            if (card != Spans.NONE) {
                return card;
            }
        }
        return Spans.NONE;
    }

    /** The longest valid card number that starts at {@code i} and ends on a group boundary. */
    private static long longestCardFrom(byte[] v, int i, int end) {
        if (v[i] < '2' || v[i] > '6') {
            return Spans.NONE;
        }
        long best = Spans.NONE;
        int digits = 0;
        int j = i;
        while (j < end) {
            int groupStart = j;
            while (j < end && Ascii.isDigit(v[j])) {
                j++;
            }
            int group = j - groupStart;
            digits += group;
            if (digits > MAX_DIGITS || group < MIN_GROUP) {
                break;
            }
            if (digits >= MIN_DIGITS && luhn(v, i, j)) {
                best = Spans.of(i, j);
            }
            if (j + 1 < end && (v[j] == ' ' || v[j] == '-') && Ascii.isDigit(v[j + 1])) {
                j++;
            } else {
                break;
            }
        }
        return best;
    }

    /** The Luhn check over the digits of {@code v[from, to)}, separators skipped. */
    static boolean luhn(byte[] v, int from, int to) {
        int sum = 0;
        boolean doubled = false;
        for (int k = to - 1; k >= from; k--) {
            byte b = v[k];
            if (!Ascii.isDigit(b)) {
                continue;
            }
            int d = b - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
