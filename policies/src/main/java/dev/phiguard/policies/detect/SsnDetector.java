package dev.phiguard.policies.detect;

/**
 * US social security numbers: {@code AAA-GG-SSSS}, {@code AAA GG SSSS} (the same separator twice)
 * or exactly nine contiguous digits, not preceded or followed by a digit, and not the integer or
 * fraction part of a decimal number ({@code 123456789.5}). Valid only as the SSA issues them: area
 * 001-899 except 666, group 01-99, serial 0001-9999. Longer digit runs are not split.
 */
final class SsnDetector implements SpanDetector {

    @Override
    public DetectorKind kind() {
        return DetectorKind.SSN;
    }

    @Override
    public int minDigits() {
        return 9;
    }

    @Override
    public long next(byte[] v, int start, int from, int end) {
        for (int i = from; i + 9 <= end; i++) {
            if (!Ascii.isDigit(v[i]) || Ascii.digitAt(v, i - 1, start, end)) {
                continue;
            }
            int run = i;
            while (run < end && Ascii.isDigit(v[run])) {
                run++;
            }
            if (run - i == 9) {
                if (!isDecimalPart(v, start, i, run, end) && isValid(v, i, i + 3, i + 5)) {
                    return Spans.of(i, run);
                }
            } else if (run - i == 3 && run + 8 <= end) {
                byte sep = v[run];
                if ((sep == '-' || sep == ' ')
                        && Ascii.digitsAt(v, run + 1, 2, end) && v[run + 3] == sep
                        && Ascii.digitsAt(v, run + 4, 4, end) && !Ascii.digitAt(v, run + 8, start, end)
                        && isValid(v, i, run + 1, run + 4)) {
                    return Spans.of(i, run + 8);
                }
            }
            i = run - 1;
        }
        return Spans.NONE;
    }

    /** Digits right after {@code d.} or right before {@code .d}: part of a decimal number. */
    private static boolean isDecimalPart(byte[] v, int start, int runStart, int runEnd, int end) {
        boolean fraction = runStart - 2 >= start && v[runStart - 1] == '.' && Ascii.isDigit(v[runStart - 2]);
        boolean integer = runEnd + 1 < end && v[runEnd] == '.' && Ascii.isDigit(v[runEnd + 1]);
        return fraction || integer;
    }

    /** The SSA's rules, given where the 3-digit area, 2-digit group and 4-digit serial start. */
    static boolean isValid(byte[] v, int area, int group, int serial) {
        int a = Ascii.number(v, area, 3);
        return a != 0 && a != 666 && a < 900
                && Ascii.number(v, group, 2) != 0
                && Ascii.number(v, serial, 4) != 0;
    }
}
