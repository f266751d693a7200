package dev.phiguard.broker.http;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations on input: ISO-8601 ({@code PT30M}) or the short form of policy files and the CLI ({@code 30m},
 * {@code 2h}, {@code 90s}, {@code 1h30m}, {@code 1d}).
 */
final class DurationParameter {

    private static final Pattern SHORT = Pattern.compile("(?:(\\d{1,6})d)?(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,6})s)?");

    private DurationParameter() {
    }

    /**
     * @param what names the field or parameter in the error message
     * @throws ApiException {@code bad_request} for anything else, or a negative duration
     */
    static Duration parse(String text, String what) {
        String trimmed = text.strip();
        Duration duration;
        if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
            try {
                duration = Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                throw invalid(text, what);
            }
        } else {
            Matcher matcher = SHORT.matcher(trimmed);
            if (trimmed.isEmpty() || !matcher.matches()) {
                throw invalid(text, what);
            }
            duration = Duration.ofDays(number(matcher.group(1))).plusHours(number(matcher.group(2)))
                    .plusMinutes(number(matcher.group(3))).plusSeconds(number(matcher.group(4)));
        }
        if (duration.isNegative()) {
            throw invalid(text, what);
        }
        return duration;
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    private static ApiException invalid(String text, String what) {
        return ApiException.badRequest(what + " \"" + Call.printable(text) + "\" is not a duration; write e.g. 30m,"
                + " 2h, 90s, 1h30m or ISO-8601 PT30M");
    }
}
