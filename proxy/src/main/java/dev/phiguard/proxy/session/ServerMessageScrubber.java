package dev.phiguard.proxy.session;

import dev.phiguard.proxy.wire.ErrorResponse;
import dev.phiguard.proxy.wire.Notice;
import dev.phiguard.proxy.wire.NoticeResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Removes values from the server's errors and notices while results are being masked: PostgreSQL quotes the
 * offending value in many messages ({@code invalid input syntax for type integer: "123-45-6789"}, {@code Key
 * (ssn)=(123-45-6789) already exists}), so a cast of a masked column would otherwise leak it through the
 * error. Fields that carry values or query text (detail, context, internal query) are dropped; quoted values
 * in the message are replaced. The SQLSTATE, severity, position, hint and object names stay, so clients can
 * still tell what went wrong.
 */
final class ServerMessageScrubber {
    /** {@code ...: "value"} at the end of a message, as PostgreSQL writes offending input values. */
    private static final Pattern QUOTED_VALUE = Pattern.compile(": \"(?:[^\"]|\"\")*\"");
    /** {@code =(value)} as in key violations. */
    private static final Pattern KEY_VALUE = Pattern.compile("=\\((?:[^()]|\\([^()]*\\))*\\)");
    private static final String DROPPED = "DWqp";

    private ServerMessageScrubber() {}

    /** The scrubbed fields, or null if nothing needed to change. */
    static Map<Character, String> scrub(Notice notice) {
        boolean changed = false;
        Map<Character, String> fields = new LinkedHashMap<>();
        for (Map.Entry<Character, String> e : notice.fields().entrySet()) {
            char code = e.getKey();
            String value = e.getValue();
            if (DROPPED.indexOf(code) >= 0) {
                changed = true;
                continue;
            }
            if (code == Notice.MESSAGE) {
                String scrubbed = KEY_VALUE.matcher(QUOTED_VALUE.matcher(value).replaceAll(": \"***\"")).replaceAll("=(***)");
                changed |= !scrubbed.equals(value);
                value = scrubbed;
            }
            fields.put(code, value);
        }
        return changed ? fields : null;
    }

    static ErrorResponse scrubbed(ErrorResponse error) {
        Map<Character, String> fields = scrub(error);
        return fields == null ? error : new ErrorResponse(fields);
    }

    static NoticeResponse scrubbed(NoticeResponse notice) {
        Map<Character, String> fields = scrub(notice);
        return fields == null ? notice : new NoticeResponse(fields);
    }
}
