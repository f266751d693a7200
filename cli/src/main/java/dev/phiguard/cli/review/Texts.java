package dev.phiguard.cli.review;

import dev.phiguard.cli.DurationConverter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Small renderings shared by the tables: ages, durations, shortened text. */
final class Texts {
    private Texts() {}

    /** {@code 45s}, {@code 12m}, {@code 3h5m}, {@code 4d}; {@code -} when the time is missing or unreadable. */
    static String age(String rfc3339, Instant now) {
        try {
            Duration d = Duration.between(Instant.parse(rfc3339), now);
            if (d.isNegative()) {
                return "0s";
            }
            if (d.toDays() >= 2) {
                return d.toDays() + "d";
            }
            if (d.toHours() >= 1) {
                return d.toHours() + "h" + (d.toMinutesPart() > 0 ? d.toMinutesPart() + "m" : "");
            }
            return d.toMinutes() >= 1 ? d.toMinutes() + "m" : d.toSeconds() + "s";
        } catch (DateTimeParseException | NullPointerException e) {
            return "-";
        }
    }

    /** An ISO-8601 duration as {@code 30m}; unreadable ones as written. */
    static String duration(String iso) {
        if (iso == null) {
            return "-";
        }
        try {
            return DurationConverter.format(Duration.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** Text cut to {@code max} characters, one line, {@code -} when empty. */
    static String cut(String text, int max) {
        if (text == null || text.isBlank()) {
            return "-";
        }
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
