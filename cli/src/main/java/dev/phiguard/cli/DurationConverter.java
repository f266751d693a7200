package dev.phiguard.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses durations the way CI tools write them: {@code 90s}, {@code 30m}, {@code 8h}, {@code 1h30m}, or ISO-8601. */
public final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)([smhd])");

    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.startsWith("p")) {
            try {
                return positive(Duration.parse(value.trim().toUpperCase(java.util.Locale.ROOT)), value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a duration (examples: 90s, 30m, 8h, 1h30m)");
            }
        }
        Matcher m = PART.matcher(v);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end == 0 || end != v.length()) {
            throw new TypeConversionException("'" + value + "' is not a duration (examples: 90s, 30m, 8h, 1h30m)");
        }
        return positive(total, value);
    }

    private static Duration positive(Duration d, String value) {
        if (d.isZero() || d.isNegative()) {
            throw new TypeConversionException("'" + value + "': the duration must be positive");
        }
        return d;
    }

    /** {@code 8h}, {@code 1h30m}, {@code 45s}. */
    public static String format(Duration d) {
        StringBuilder sb = new StringBuilder();
        long hours = d.toHours();
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append('m');
        }
        if (d.toSecondsPart() > 0 || sb.length() == 0) {
            sb.append(d.toSecondsPart()).append('s');
        }
        return sb.toString();
    }
}
