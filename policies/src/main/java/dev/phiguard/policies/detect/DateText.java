package dev.phiguard.policies.detect;

/** Reads a calendar date as people write it, for {@link DateOfBirthDetector}. */
final class DateText {

    private static final String[] ORDINALS = {"st", "nd", "rd", "th"};
    private static final int[] MONTH_LENGTHS = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private DateText() {
    }

    /**
     * The end of a date written at {@code i}, not followed by a digit, or -1. See
     * {@link DateOfBirthDetector} for the forms.
     *
     * @param months the month names in lower case, January first
     */
    static int end(byte[] v, int i, int end, String[] months) {
        int e = numeric(v, i, end);
        if (e < 0) {
            e = monthFirst(v, i, end, months);
        }
        if (e < 0) {
            e = dayFirst(v, i, end, months);
        }
        return e >= 0 && (e == end || !Ascii.isDigit(v[e])) ? e : -1;
    }

    /** {@code Y-M-D}, {@code M/D/Y} or {@code D/M/Y} with {@code / - .}, the same separator twice. */
    private static int numeric(byte[] v, int i, int end) {
        int a = digits(v, i, end);
        if (a == 0 || a > 4 || a == 3 || i + a >= end) {
            return -1;
        }
        byte sep = v[i + a];
        if (sep != '/' && sep != '-' && sep != '.') {
            return -1;
        }
        int j = i + a + 1;
        int b = digits(v, j, end);
        if (b == 0 || b > 2 || j + b >= end || v[j + b] != sep) {
            return -1;
        }
        int k = j + b + 1;
        int c = digits(v, k, end);
        int first = Ascii.number(v, i, a);
        int second = Ascii.number(v, j, b);
        if (a == 4) {
            return (c == 1 || c == 2) && isDate(first, second, Ascii.number(v, k, c)) ? k + c : -1;
        }
        if (c != 2 && c != 4) {
            return -1;
        }
        int year = Ascii.number(v, k, c);
        boolean valid = isDate(year, first, second) || isDate(year, second, first);
        return valid ? k + c : -1;
    }

    /** {@code March 17, 1984}, {@code Mar. 17th 1984}. */
    private static int monthFirst(byte[] v, int i, int end, String[] months) {
        long monthSpan = month(v, i, end, months);
        if (monthSpan < 0) {
            return -1;
        }
        int month = (int) (monthSpan >>> 32);
        int j = skip(v, (int) monthSpan, end, false);
        int d = digits(v, j, end);
        if (d == 0 || d > 2) {
            return -1;
        }
        int day = Ascii.number(v, j, d);
        j = ordinal(v, j + d, end);
        int k = skip(v, j, end, true);
        if (k == j || digits(v, k, end) != 4) {
            return -1;
        }
        return isDate(Ascii.number(v, k, 4), month, day) ? k + 4 : -1;
    }

    /** {@code 17 March 1984}, {@code 17-Mar-1984}, {@code 17th of March, 1984}. */
    private static int dayFirst(byte[] v, int i, int end, String[] months) {
        int d = digits(v, i, end);
        if (d == 0 || d > 2) {
            return -1;
        }
        int day = Ascii.number(v, i, d);
        int j = ordinal(v, i + d, end);
        int k = skip(v, j, end, false);
        if (k == j) {
            return -1;
        }
        if (Ascii.wordAt(v, k, end, "of ")) {
            k = skip(v, k + 2, end, false);
        }
        long monthSpan = month(v, k, end, months);
        if (monthSpan < 0) {
            return -1;
        }
        int m = (int) monthSpan;
        int y = skip(v, m, end, true);
        if (y == m || digits(v, y, end) != 4) {
            return -1;
        }
        return isDate(Ascii.number(v, y, 4), (int) (monthSpan >>> 32), day) ? y + 4 : -1;
    }

    /** A month name or three-letter abbreviation (or {@code Sept}) and an optional dot: (month << 32 | end), or -1. */
    private static long month(byte[] v, int i, int end, String[] months) {
        for (int m = 0; m < 12; m++) {
            String name = months[m];
            int length = -1;
            if (Ascii.wordAt(v, i, end, name)) {
                length = name.length();
            } else if (m == 8 && Ascii.wordAt(v, i, end, "sept")) {
                length = 4;
            } else if (Ascii.wordAt(v, i, end, name.substring(0, 3))) {
                length = 3;
            }
            if (length > 0 && (i + length == end || !Ascii.isLetter(v[i + length]))) {
                int e = i + length;
                if (length < name.length() && e < end && v[e] == '.') {
                    e++;
                }
                return (long) (m + 1) << 32 | e;
            }
        }
        return -1;
    }

    /** Skips blanks, and also commas (and dashes when {@code afterDay} is false), at most 4 bytes. */
    private static int skip(byte[] v, int j, int end, boolean afterDay) {
        int limit = Math.min(end, j + 4);
        while (j < limit && (v[j] == ' ' || v[j] == ',' || v[j] == '-' || (!afterDay && v[j] == '.'))) {
            j++;
        }
        return j;
    }

    /** Skips {@code st nd rd th} after a day number. */
    private static int ordinal(byte[] v, int j, int end) {
        for (String suffix : ORDINALS) {
            if (Ascii.wordAt(v, j, end, suffix) && (j + 2 == end || !Ascii.isLetter(v[j + 2]))) {
                return j + 2;
            }
        }
        return j;
    }

    private static int digits(byte[] v, int i, int end) {
        int j = i;
        while (j < end && Ascii.isDigit(v[j])) {
            j++;
        }
        return j - i;
    }

    /** Whether year/month/day is a real date (two-digit years accepted as they are). */
    static boolean isDate(int year, int month, int day) {
        if (month < 1 || month > 12 || day < 1) {
            return false;
        }
        if (day > MONTH_LENGTHS[month - 1]) {
            return false;
        }
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return month != 2 || day <= 28 || leap || year < 100;
    }
}
