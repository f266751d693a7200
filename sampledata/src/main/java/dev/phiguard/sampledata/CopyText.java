package dev.phiguard.sampledata;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Appends values in PostgreSQL's {@code COPY ... (FORMAT text)} encoding: columns separated by a tab, rows ended by
 * a newline, {@code \N} for NULL, and backslash, tab, newline and carriage return escaped with a backslash.
 */
public final class CopyText {

    /** The text-format representation of SQL NULL. */
    public static final String NULL = "\\N";

    private CopyText() {
    }

    /**
     * Appends {@code value} escaped for COPY text format, or {@code \N} when it is null.
     *
     * @param out   destination
     * @param value the raw value, may be null
     * @return {@code out}
     */
    public static StringBuilder appendText(StringBuilder out, String value) {
        if (value == null) {
            return out.append(NULL);
        }
        int length = value.length();
        int first = firstSpecial(value);
        if (first == length) {
            return out.append(value);
        }
        out.append(value, 0, first);
        for (int i = first; i < length; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out;
    }

    private static int firstSpecial(String value) {
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                return i;
            }
        }
        return length;
    }

    /** Returns {@code value} escaped for COPY text format ({@code \N} for null). */
    public static String escape(String value) {
        return appendText(new StringBuilder(value == null ? 2 : value.length() + 8), value).toString();
    }

    /** Appends a date as {@code yyyy-MM-dd}, or {@code \N} when it is null. */
    public static StringBuilder appendDate(StringBuilder out, LocalDate date) {
        if (date == null) {
            return out.append(NULL);
        }
        appendPadded(out, date.getYear(), 4).append('-');
        appendPadded(out, date.getMonthValue(), 2).append('-');
        return appendPadded(out, date.getDayOfMonth(), 2);
    }

    /** Appends an instant as a UTC {@code timestamptz} literal {@code yyyy-MM-dd HH:mm:ss+00}, or {@code \N}. */
    public static StringBuilder appendTimestamp(StringBuilder out, Instant instant) {
        if (instant == null) {
            return out.append(NULL);
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        appendDate(out, t.toLocalDate()).append(' ');
        appendPadded(out, t.getHour(), 2).append(':');
        appendPadded(out, t.getMinute(), 2).append(':');
        return appendPadded(out, t.getSecond(), 2).append("+00");
    }

    private static StringBuilder appendPadded(StringBuilder out, int value, int width) {
        if (value < 0) {
            throw new IllegalArgumentException("negative date field " + value);
        }
        for (int limit = 10, digits = 1; digits < width; limit *= 10, digits++) {
            if (value < limit) {
                out.append('0');
            }
        }
        return out.append(value);
    }
}
