package dev.phiguard.policies.detect;

/**
 * North American (NANP) phone numbers written with separators, optionally after {@code +1} or a
 * {@code 1} trunk prefix: {@code (555) 123-4567}, {@code (555)123-4567}, {@code 555-123-4567},
 * {@code 555.123.4567}, {@code 555 123 4567}, {@code +1 555 123 4567}, {@code 1-800-555-0199}.
 * The area code must start with 2-9. Ten bare digits are not taken for a phone number (too many
 * order numbers look like one); neither is a number preceded or followed by a digit.
 */
final class PhoneDetector implements SpanDetector {

    @Override
    public DetectorKind kind() {
        return DetectorKind.PHONE;
    }

    @Override
    public int minDigits() {
        return 10;
    }

    @Override
    public long next(byte[] v, int start, int from, int end) {
        for (int i = from; i < end; i++) {
            byte b = v[i];
            if ((b == '+' || b == '(' || Ascii.isDigit(b)) && !Ascii.digitAt(v, i - 1, start, end)) {
                int phoneEnd = parse(v, i, end);
                if (phoneEnd > 0) {
                    return Spans.of(i, phoneEnd);
                }
            }
        }
        return Spans.NONE;
    }

    private static boolean isSeparator(byte b) {
        return b == '-' || b == '.' || b == ' ';
    }

    /** The end of a phone number starting at {@code i}, or -1. */
    private static int parse(byte[] v, int i, int end) {
        int j = i;
        if (v[j] == '+') {
            if (j + 1 >= end || v[j + 1] != '1') {
                return -1;
            }
            j += 2;
            if (j < end && isSeparator(v[j])) {
                j++;
            }
        } else if (v[j] == '1' && j + 1 < end && isSeparator(v[j + 1])) {
            j += 2;
        }
        int area;
        if (j < end && v[j] == '(') {
            if (!Ascii.digitsAt(v, j + 1, 3, end) || j + 4 >= end || v[j + 4] != ')') {
                return -1;
            }
            area = j + 1;
            j += 5;
            if (j < end && (v[j] == ' ' || v[j] == '-')) {
                j++;
            }
        } else {
            if (!Ascii.digitsAt(v, j, 3, end) || j + 3 >= end || !isSeparator(v[j + 3])) {
                return -1;
            }
            area = j;
            j += 4;
        }
        if (v[area] < '2') {
            return -1;
        }
        if (!Ascii.digitsAt(v, j, 3, end) || j + 3 >= end || !isSeparator(v[j + 3])
                || !Ascii.digitsAt(v, j + 4, 4, end)) {
            return -1;
        }
        j += 8;
        return j < end && Ascii.isDigit(v[j]) ? -1 : j;
    }
}
