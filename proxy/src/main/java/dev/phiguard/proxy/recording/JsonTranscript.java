package dev.phiguard.proxy.recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.function.Consumer;

/**
 * The transcript as JSON lines, one event per line, for SIEM tools: {@code session}, {@code statement},
 * {@code notice}, {@code end}. Member names are documented in {@code docs/recording-format.md}.
 */
final class JsonTranscript implements Consumer<TranscriptEvent> {

    private final Writer out;

    JsonTranscript(Writer out) {
        this.out = out;
    }

    @Override
    public void accept(TranscriptEvent event) {
        StringBuilder b;
        if (event instanceof TranscriptEvent.Session s) {
            b = session(s.header());
        } else if (event instanceof TranscriptEvent.Statement s) {
            b = statement(s);
        } else if (event instanceof TranscriptEvent.Notice n) {
            b = Json.event("notice");
            text(b, "time", n.time().toString());
            Json.member(b, "fields");
            Json.fields(b, n.fields());
        } else {
            b = end(((TranscriptEvent.End) event).status());
        }
        b.append("}\n");
        try {
            out.write(b.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StringBuilder session(RecordingHeader h) {
        StringBuilder j = Json.event("session");
        text(j, "sessionId", h.sessionId());
        text(j, "leaseId", h.leaseId());
        text(j, "purpose", h.purpose());
        text(j, "target", h.target());
        text(j, "client", h.clientAddress());
        text(j, "applicationName", h.applicationName());
        Json.member(j, "tls");
        j.append(h.tls());
        text(j, "openedAt", h.openedAt().toString());
        text(j, "signingKeyId", h.signingKeyId());
        text(j, "literals", h.literals().name());
        Json.member(j, "encrypted");
        j.append(h.encrypted());
        Json.member(j, "formatVersion");
        j.append(h.version());
        return j;
    }

    private static StringBuilder statement(TranscriptEvent.Statement s) {
        StringBuilder j = Json.event("statement");
        text(j, "time", s.time().toString());
        Json.member(j, "offsetNanos");
        j.append(s.offsetNanos());
        text(j, "protocol", s.protocol());
        text(j, "sql", s.sql());
        Json.member(j, "parameters");
        Json.strings(j, s.parameters());
        Json.member(j, "columns");
        Json.strings(j, s.columns());
        Json.member(j, "rows");
        j.append('[');
        List<List<String>> rows = s.rows();
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                j.append(',');
            }
            Json.strings(j, rows.get(i));
        }
        j.append(']');
        Json.member(j, "rowCount");
        j.append(s.rowCount());
        Json.member(j, "rowsOmitted");
        j.append(s.rowCount() - rows.size());
        text(j, "tag", s.tag());
        Json.member(j, "error");
        if (s.error() == null) {
            j.append("null");
        } else {
            Json.fields(j, s.error());
        }
        Json.member(j, "durationNanos");
        j.append(s.durationNanos());
        return j;
    }

    private static StringBuilder end(RecordingStatus status) {
        StringBuilder j = Json.event("end");
        String kind = status instanceof RecordingStatus.Valid ? "VALID"
                : status instanceof RecordingStatus.Closed ? "CLOSED"
                : status instanceof RecordingStatus.Truncated ? "TRUNCATED" : "CORRUPT";
        text(j, "status", kind);
        text(j, "description", status.describe());
        return j;
    }

    private static void text(StringBuilder j, String name, String value) {
        Json.member(j, name);
        Json.string(j, value);
    }
}
