package dev.phiguard.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phiguard.cli.client.AuditEntry;
import java.util.List;

/** The table of {@code phiguard audit}: one line per event, with what happened in a few words. */
final class AuditTable {

    private static final String LINE = "%-6s %-27s %-14s %-28s %-20s %-20s %s%n";

    private AuditTable() {
    }

    static String render(List<AuditEntry> events) {
        StringBuilder table = new StringBuilder(String.format(LINE, "SEQ", "AT", "TYPE", "LEASE", "SESSION",
                "SUBJECT", "WHAT"));
        for (AuditEntry e : events) {
            table.append(String.format(LINE, e.seq(), e.at(), e.type(), dash(e.lease()), dash(e.session()),
                    cut(dash(e.subject()), 20), what(e)));
        }
        return table.toString();
    }

    /** A short description of the event from its payload. */
    static String what(AuditEntry e) {
        JsonNode p = e.payload();
        if (p == null) {
            return "";
        }
        return switch (e.type()) {
            case "LEASE" -> p.path("event").asText() + ": " + (p.hasNonNull("from") ? p.get("from").asText() + " -> "
                    : "") + p.path("to").asText() + by(p.path("actor"));
            case "CREDENTIAL" -> "credential fetched" + (p.hasNonNull("clientAddress")
                    ? " from " + p.get("clientAddress").asText() : "");
            case "SESSION_OPENED" -> "opened on " + p.path("node").asText() + " from "
                    + p.path("clientAddress").asText();
            case "SESSION_CLOSED" -> "closed: " + p.path("reason").asText();
            case "STATEMENT" -> p.path("decision").asText() + (p.hasNonNull("rule") ? " (" + p.get("rule").asText()
                    + ")" : "") + executions(p) + ", " + p.path("rowsReturned").asLong() + " rows, "
                    + p.path("valuesMasked").asLong()
                    + " masked: " + cut(p.path("statement").asText().replaceAll("\\s+", " "), 60);
            default -> "";
        };
    }

    /** {@code " x20 since 10:00:01.5Z"} for a coalesced statement event (several executions), else nothing. */
    private static String executions(JsonNode payload) {
        long executions = payload.path("executions").asLong(1);
        return executions > 1 ? " x" + executions + " since " + payload.path("firstAt").asText() : "";
    }

    private static String by(JsonNode actor) {
        return actor.hasNonNull("subject") ? " by " + actor.get("subject").asText() : "";
    }

    private static String dash(String text) {
        return text == null || text.isEmpty() ? "-" : text;
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }
}
