package dev.phiguard.cli.server.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The short intervals of the configuration file: {@code 0}, {@code 250ms}, {@code 2s}, or ISO-8601 ({@code PT0.5S}).
 */
final class ShortDuration {
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s)");

    private ShortDuration() {
    }

    /** The duration, or empty when {@code text} is not one of the accepted forms. */
    static Optional<Duration> parse(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        if (v.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher m = SIMPLE.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return Optional.of(m.group(2).equals("ms") ? Duration.ofMillis(n) : Duration.ofSeconds(n));
        }
        if (v.startsWith("pt")) {
            try {
                Duration d = Duration.parse(v.toUpperCase(Locale.ROOT));
                return d.isNegative() ? Optional.empty() : Optional.of(d);
            } catch (java.time.format.DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The problem with {@code text} as a duration between 0 and {@code max}, if any.
     *
     * @param key the dotted key, for the message
     */
    static Optional<String> problem(String key, String text, Duration max) {
        Optional<Duration> d = parse(text);
        if (d.isEmpty()) {
            return Optional.of(key + ": '" + text + "' is not a duration (examples: 0, 250ms, 2s)");
        }
        if (d.get().compareTo(max) > 0) {
            return Optional.of(key + ": '" + text + "' is longer than the most allowed, " + max.toMillis() + "ms");
        }
        return Optional.empty();
    }
}
