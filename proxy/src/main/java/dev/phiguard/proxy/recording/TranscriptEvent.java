package dev.phiguard.proxy.recording;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What a transcript shows, one event at a time, in recording order. */
sealed interface TranscriptEvent {

    /** The recording's header. */
    record Session(RecordingHeader header) implements TranscriptEvent {
    }

    /**
     * One statement and its result, as recorded (values masked by the proxy, constants as the literal policy left
     * them).
     *
     * @param time       when the client sent it
     * @param offsetNanos nanoseconds since the session opened
     * @param protocol   {@code simple} (Query) or {@code extended} (Parse/Bind/Execute)
     * @param sql        the statement text, or null if the recording does not hold it
     * @param parameters Bind parameter values as text (null element = NULL)
     * @param columns    result column names (empty if none)
     * @param rows       the first result rows, at most the transcript's row limit
     * @param rowCount   all result rows counted
     * @param tag        the command tag, or null
     * @param error      the ErrorResponse fields, or null
     * @param durationNanos from sending to completion, or -1 if it never completed
     */
    record Statement(Instant time, long offsetNanos, String protocol, String sql, List<String> parameters,
                     List<String> columns, List<List<String>> rows, long rowCount, String tag,
                     Map<Character, String> error, long durationNanos) implements TranscriptEvent {
    }

    /** A NoticeResponse outside any statement's result. */
    record Notice(Instant time, Map<Character, String> fields) implements TranscriptEvent {
    }

    /** How the recording ended. */
    record End(RecordingStatus status) implements TranscriptEvent {
    }
}
