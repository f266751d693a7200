package dev.phiguard.policies.masking;

import java.time.LocalDate;

/**
 * A date or timestamp in the text format PostgreSQL prints with {@code DateStyle = ISO}, read as
 * positions in the input so that a rule can rewrite the date and copy the rest:
 * <pre>
 *   YYYY-MM-DD[(' '|'T')HH:MM[:SS[.fraction]][zone]][' BC']
 *   zone = 'Z' | ('+'|'-')HH[[':']MM[[':']SS]]
 * </pre>
 * The year has 4 to 7 digits. Fields are range-checked (the day against its month, leap years
 * included). Nothing is allocated besides this record.
 *
 * @param year the printed year, 1 or more (with {@code bc}, years before 1 AD)
 * @param month 1-12
 * @param day 1-31, valid for the month
 * @param bc whether the value ends with {@code " BC"}
 * @param yearStart index of the first year digit
 * @param dateEnd index just after the day digits
 * @param timeStart index of the date/time separator, or -1 for a date
 * @param zoneStart index just after the seconds (or fraction), where the zone text starts, or -1
 * @param suffixStart index of {@code " BC"}, or the end of the value
 * @param end the end of the value
 */
record IsoDateText(int year, int month, int day, boolean bc, int yearStart, int dateEnd,
                   int timeStart, int zoneStart, int suffixStart, int end) {

    private static final int MAX_YEAR_DIGITS = 7;

    /** Whether the value has a time part (a timestamp rather than a date). */
    boolean hasTime() {
        return timeStart >= 0;
    }

    /** The calendar date, with BC years as astronomical years (1 BC is year 0). */
    LocalDate date() {
        return LocalDate.of(bc ? 1 - year : year, month, day);
    }

    /** Whether the value is exactly {@code infinity} or {@code -infinity}. */
    static boolean isInfinity(byte[] v, int offset, int length) {
        int i = offset;
        if (length == 8) {
            // infinity
        } else if (length == 9 && v[offset] == '-') {
            i++;
        } else {
            return false;
        }
        byte[] word = {'i', 'n', 'f', 'i', 'n', 'i', 't', 'y'};
        for (byte b : word) {
            if (v[i++] != b) {
                return false;
            }
        }
        return true;
    }

    /** Reads {@code v[offset, offset + length)}, or returns {@code null} if it is not ISO date text. */
    static IsoDateText parse(byte[] v, int offset, int length) {
        int end = offset + length;
        int i = offset;
        int year = 0;
        while (i < end && Utf8.isDigit(v[i]) && i - offset < MAX_YEAR_DIGITS) {
            year = year * 10 + (v[i++] - '0');
        }
        if (i - offset < 4 || year == 0 || !at(v, i, end, '-')) {
            return null;
        }
        int month = twoDigits(v, i + 1, end);
        if (month < 1 || month > 12 || !at(v, i + 3, end, '-')) {
            return null;
        }
        int day = twoDigits(v, i + 4, end);
        int dateEnd = i + 6;
        boolean bc = length >= 3 && v[end - 3] == ' ' && v[end - 2] == 'B' && v[end - 1] == 'C';
        int suffixStart = bc ? end - 3 : end;
        if (day < 1 || dateEnd > suffixStart) {
            return null;
        }
        int astronomical = bc ? 1 - year : year;
        if (day > LocalDate.of(astronomical, month, 1).lengthOfMonth()) {
            return null;
        }
        if (dateEnd == suffixStart) {
            return new IsoDateText(year, month, day, bc, offset, dateEnd, -1, -1, suffixStart, end);
        }
        int zoneStart = timeEnd(v, dateEnd, suffixStart);
        if (zoneStart < 0 || !isZone(v, zoneStart, suffixStart)) {
            return null;
        }
        return new IsoDateText(year, month, day, bc, offset, dateEnd, dateEnd, zoneStart, suffixStart, end);
    }

    /** Reads {@code (' '|'T')HH:MM[:SS[.f]]} at {@code i}; returns the index after it, or -1. */
    private static int timeEnd(byte[] v, int i, int end) {
        if (v[i] != ' ' && v[i] != 'T') {
            return -1;
        }
        int hour = twoDigits(v, i + 1, end);
        int minute = at(v, i + 3, end, ':') ? twoDigits(v, i + 4, end) : -1;
        if (hour < 0 || hour > 24 || minute < 0 || minute > 59) {
            return -1;
        }
        i += 6;
        if (at(v, i, end, ':')) {
            int second = twoDigits(v, i + 1, end);
            if (second < 0 || second > 60) {
                return -1;
            }
            i += 3;
            if (at(v, i, end, '.')) {
                int digits = 0;
                i++;
                while (i < end && Utf8.isDigit(v[i])) {
                    i++;
                    digits++;
                }
                if (digits == 0 || digits > 9) {
                    return -1;
                }
            }
        }
        return i;
    }

    /** Whether {@code v[i, end)} is empty or a zone: {@code Z}, {@code +HH}, {@code -HH:MM}, {@code +HHMM}, {@code +HH:MM:SS}. */
    private static boolean isZone(byte[] v, int i, int end) {
        if (i == end) {
            return true;
        }
        if (v[i] == 'Z') {
            return i + 1 == end;
        }
        if ((v[i] != '+' && v[i] != '-') || i + 1 == end) {
            return false;
        }
        i++;
        for (int part = 0; i < end; part++) {
            if (part > 0 && v[i] == ':') {
                i++;
            }
            if (part > 2 || twoDigits(v, i, end) < 0) {
                return false;
            }
            i += 2;
        }
        return true;
    }

    private static boolean at(byte[] v, int i, int end, char c) {
        return i < end && v[i] == c;
    }

    /** The two-digit number at {@code v[i, i + 2)}, or -1. */
    private static int twoDigits(byte[] v, int i, int end) {
        if (i + 2 > end || !Utf8.isDigit(v[i]) || !Utf8.isDigit(v[i + 1])) {
            return -1;
        }
        return (v[i] - '0') * 10 + (v[i + 1] - '0');
    }
}
