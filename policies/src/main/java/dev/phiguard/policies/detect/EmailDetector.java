package dev.phiguard.policies.detect;

/**
 * E-mail addresses: a local part of ASCII letters, digits, {@code . _ % + - '} or non-ASCII
 * characters, {@code @}, then a domain of at least two labels (letters, digits, hyphens or
 * non-ASCII) whose last label has two or more characters. Internationalised addresses are found;
 * the span never cuts a multi-byte character, since it stops only at ASCII bytes.
 */
final class EmailDetector implements SpanDetector {

    @Override
    public DetectorKind kind() {
        return DetectorKind.EMAIL;
    }

    @Override
    public int minDigits() {
        return 0;
    }

    @Override
    public boolean needsAt() {
        return true;
    }

    @Override
    public long next(byte[] v, int start, int from, int end) {
        for (int at = from; at < end; at++) {
            if (v[at] != '@') {
                continue;
            }
            int local = at;
            while (local > start && isLocal(v[local - 1])) {
                local--;
            }
            while (local < at && v[local] == '.') {
                local++;
            }
            local = Math.max(local, from);
            if (local == at) {
                continue;
            }
            int domainEnd = domainEnd(v, at + 1, end);
            if (domainEnd > 0) {
                return Spans.of(local, domainEnd);
            }
        }
        return Spans.NONE;
    }

    private static boolean isLocal(byte b) {
        return b < 0 || Ascii.isLetterOrDigit(b) || b == '.' || b == '_' || b == '%' || b == '+' || b == '-' || b == '\'';
    }

    private static boolean isLabel(byte b) {
        return b < 0 || Ascii.isLetterOrDigit(b) || b == '-';
    }

    /** The end of a domain starting at {@code i}, or -1 if there is no valid domain there. */
    private static int domainEnd(byte[] v, int i, int end) {
        int j = i;
        int labels = 0;
        int lastLabelLength = 0;
        int validEnd = -1;
        while (j < end) {
            int labelStart = j;
            while (j < end && isLabel(v[j])) {
                j++;
            }
            if (j == labelStart) {
                break;
            }
            labels++;
            lastLabelLength = j - labelStart;
            if (labels >= 2 && lastLabelLength >= 2) {
                validEnd = j;
            }
            if (j + 1 < end && v[j] == '.' && isLabel(v[j + 1])) {
                j++;
            } else {
                break;
            }
        }
        return validEnd;
    }
}
