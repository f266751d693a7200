package dev.phiguard.broker.identity;

import java.time.Duration;

/** Rendering of untrusted strings and durations in messages. */
final class Text {

    private Text() {
    }

    /**
     * The string with control and formatting characters (line breaks, bidi overrides …) replaced by {@code ?}
     * and cut to {@code max} characters, so that a value taken from a token can go into a message or a log line
     * without forging lines or hiding text.
     */
    static String printable(String value, int max) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), max) + 1);
        int count = 0;
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            i += Character.charCount(codePoint);
            if (count == max) {
                out.append('…');
                break;
            }
            int type = Character.getType(codePoint);
            boolean unsafe = Character.isISOControl(codePoint) || type == Character.FORMAT
                    || type == Character.UNASSIGNED || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
            out.appendCodePoint(unsafe ? '?' : codePoint);
            count++;
        }
        return out.toString();
    }

    /** A duration the way an operator writes it: {@code 24h}, {@code 90s}, {@code 1h30m}. */
    static String duration(Duration duration) {
        if (duration.isNegative()) {
            return "-" + duration(duration.negated());
        }
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        int millis = duration.toMillisPart();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0) {
            out.append(seconds).append('s');
        }
        if (millis > 0 || out.length() == 0) {
            out.append(millis).append("ms");
        }
        return out.toString();
    }
}
