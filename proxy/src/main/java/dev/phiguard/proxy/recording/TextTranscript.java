package dev.phiguard.proxy.recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** The transcript for people: a header line, then per statement its time, text, parameters, result and outcome. */
final class TextTranscript implements Consumer<TranscriptEvent> {

    private static final int MAX_CELL = 60;

    private final Writer out;

    TextTranscript(Writer out) {
        this.out = out;
    }

    @Override
    public void accept(TranscriptEvent event) {
        StringBuilder b = new StringBuilder(256);
        if (event instanceof TranscriptEvent.Session s) {
            RecordingHeader h = s.header();
            b.append("session ").append(h.sessionId()).append("  lease ").append(h.leaseId()).append("  purpose ")
                    .append(h.purpose()).append("  target ").append(h.target()).append('\n');
            b.append("  client ").append(h.clientAddress()).append(h.tls() ? " (TLS)" : "")
                    .append(h.applicationName().isEmpty() ? "" : "  application " + h.applicationName())
                    .append("  opened ").append(h.openedAt()).append("  constants ")
                    .append(h.literals() == LiteralPolicy.HASH ? "hashed" : "kept")
                    .append(h.encrypted() ? "  encrypted" : "").append("  signing key ").append(h.signingKeyId())
                    .append("\n\n");
        } else if (event instanceof TranscriptEvent.Statement s) {
            statement(b, s);
        } else if (event instanceof TranscriptEvent.Notice n) {
            b.append(n.time()).append("  NOTICE ").append(describe(n.fields())).append("\n\n");
        } else {
            b.append("-- ").append(((TranscriptEvent.End) event).status().describe()).append('\n');
        }
        try {
            out.write(b.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void statement(StringBuilder b, TranscriptEvent.Statement s) {
        b.append(s.time()).append("  [").append(s.protocol()).append("]\n");
        String sql = s.sql() == null ? "(statement text not in the recording)" : s.sql().strip();
        b.append("  ").append(sql.replace("\n", "\n  ")).append('\n');
        if (!s.parameters().isEmpty()) {
            b.append("  parameters:");
            for (int i = 0; i < s.parameters().size(); i++) {
                String v = s.parameters().get(i);
                b.append(i == 0 ? " " : ", ").append('$').append(i + 1).append(" = ")
                        .append(v == null ? "NULL" : "'" + cell(v) + "'");
            }
            b.append('\n');
        }
        if (!s.columns().isEmpty()) {
            table(b, s.columns(), s.rows());
            long more = s.rowCount() - s.rows().size();
            if (more > 0) {
                b.append("  … ").append(more).append(more == 1 ? " more row\n" : " more rows\n");
            }
        }
        b.append("  ");
        if (s.error() != null) {
            b.append(s.error().getOrDefault('S', "ERROR")).append(' ').append(describe(s.error()));
        } else {
            b.append(s.tag() == null || s.tag().isEmpty() ? "(empty)" : s.tag());
        }
        b.append(" · ").append(s.rowCount()).append(s.rowCount() == 1 ? " row" : " rows");
        if (s.durationNanos() >= 0) {
            b.append(" · ").append(String.format(Locale.ROOT, "%.3f ms", s.durationNanos() / 1e6));
        }
        b.append("\n\n");
    }

    private static String describe(Map<Character, String> fields) {
        StringBuilder b = new StringBuilder();
        if (fields.containsKey('C')) {
            b.append(fields.get('C')).append(": ");
        }
        b.append(fields.getOrDefault('M', ""));
        if (fields.containsKey('D')) {
            b.append(" (detail: ").append(fields.get('D')).append(')');
        }
        if (fields.containsKey('H')) {
            b.append(" (hint: ").append(fields.get('H')).append(')');
        }
        return b.toString();
    }

    private static void table(StringBuilder b, List<String> columns, List<List<String>> rows) {
        int[] widths = new int[columns.size()];
        List<List<String>> cells = new ArrayList<>(rows.size());
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = cell(columns.get(i)).length();
        }
        for (List<String> row : rows) {
            List<String> shown = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                String v = row.get(i) == null ? "NULL" : cell(row.get(i));
                shown.add(v);
                if (i < widths.length) {
                    widths[i] = Math.max(widths[i], v.length());
                }
            }
            cells.add(shown);
        }
        line(b, columns, widths);
        b.append("  ");
        for (int i = 0; i < widths.length; i++) {
            b.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        b.append('\n');
        for (List<String> row : cells) {
            line(b, row, widths);
        }
    }

    private static void line(StringBuilder b, List<String> values, int[] widths) {
        b.append("  ");
        for (int i = 0; i < values.size(); i++) {
            String v = cell(values.get(i));
            b.append(i == 0 ? "" : " | ").append(v);
            if (i < widths.length && i < values.size() - 1) {
                b.append(" ".repeat(Math.max(0, widths[i] - v.length())));
            }
        }
        b.append('\n');
    }

    private static String cell(String v) {
        String oneLine = v.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return oneLine.length() > MAX_CELL ? oneLine.substring(0, MAX_CELL - 1) + "…" : oneLine;
    }
}
