package dev.phiguard.policies.policy;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as policy files write them: one or more of {@code <n>d}, {@code <n>h}, {@code <n>m}, {@code <n>s} in
 * that order, e.g. {@code 30m}, {@code 8h}, {@code 1h30m}, {@code 7d}.
 */
final class DurationText {

    private static final Pattern SHAPE = Pattern.compile("(?:(\\d{1,6})d)?(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,6})s)?");

    private DurationText() {
    }

    static Optional<Duration> parse(String text) {
        Matcher matcher = SHAPE.matcher(text);
        if (text.isEmpty() || !matcher.matches()) {
            return Optional.empty();
        }
        Duration duration = Duration.ZERO
                .plusDays(number(matcher.group(1)))
                .plusHours(number(matcher.group(2)))
                .plusMinutes(number(matcher.group(3)))
                .plusSeconds(number(matcher.group(4)));
        return Optional.of(duration);
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }

    /** The shortest text for a duration: {@code 1h30m}, {@code 7d}, {@code 0s}. */
    static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long[] amounts = {seconds / 86_400, seconds % 86_400 / 3_600, seconds % 3_600 / 60, seconds % 60};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < amounts.length; i++) {
            if (amounts[i] != 0) {
                text.append(amounts[i]).append(units[i]);
            }
        }
        return text.toString();
    }
}
