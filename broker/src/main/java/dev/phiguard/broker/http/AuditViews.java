package dev.phiguard.broker.http;

import dev.phiguard.broker.audit.AuditColumns;
import dev.phiguard.broker.audit.AuditEntry;
import dev.phiguard.broker.audit.AuditEvent;
import dev.phiguard.broker.audit.RecordAccess;
import dev.phiguard.broker.audit.Verification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the audit answers (docs/api.md, "Audit"). Events carry no secret and no raw record key: a
 * statement's record keys are the log's keyed hashes.
 */
final class AuditViews {

    private AuditViews() {
    }

    static Map<String, Object> event(AuditEntry entry) {
        AuditEvent event = entry.event();
        AuditColumns columns = event.columns();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("seq", entry.seq());
        view.put("at", Views.time(event.at()));
        view.put("type", event.type().name());
        view.put("lease", columns.leaseId().orElse(null));
        view.put("session", columns.sessionId().orElse(null));
        view.put("subject", columns.subject().orElse(null));
        view.put("purpose", columns.purpose().orElse(null));
        view.put("payload", payload(event));
        view.put("hash", entry.hash());
        view.put("prevHash", entry.prevHash());
        return view;
    }

    private static Map<String, Object> payload(AuditEvent event) {
        Map<String, Object> view = new LinkedHashMap<>();
        if (event instanceof AuditEvent.LeaseChanged lease) {
            view.put("event", lease.event());
            view.put("from", lease.from().map(Enum::name).orElse(null));
            view.put("to", lease.to().name());
            view.put("actor", lease.actor().map(Views::principal).orElse(null));
            view.put("requester", Views.principal(lease.requester()));
            view.put("reason", lease.reason().orElse(null));
        } else if (event instanceof AuditEvent.CredentialFetched fetched) {
            view.put("requester", Views.principal(fetched.requester()));
            view.put("clientAddress", fetched.clientAddress().orElse(null));
        } else if (event instanceof AuditEvent.SessionOpened opened) {
            view.put("identity", Views.principal(opened.identity()));
            view.put("node", opened.node());
            view.put("clientAddress", opened.clientAddress());
        } else if (event instanceof AuditEvent.SessionClosed closed) {
            view.put("identity", Views.principal(closed.identity()));
            view.put("node", closed.node());
            view.put("clientAddress", closed.clientAddress());
            view.put("reason", closed.reason());
        } else if (event instanceof AuditEvent.StatementExecuted statement) {
            view.put("identity", Views.principal(statement.identity()));
            view.put("statement", statement.statement());
            view.put("statementTruncated", statement.statementTruncated());
            view.put("decision", statement.decision().name());
            view.put("rule", statement.rule().orElse(null));
            view.put("rowsReturned", statement.rowsReturned());
            view.put("valuesMasked", statement.valuesMasked());
            view.put("executions", statement.executions());
            view.put("firstAt", Views.time(statement.firstAt()));
            Map<String, Object> keys = new LinkedHashMap<>();
            statement.recordKeys().forEach((table, hashes) -> keys.put(table, List.copyOf(hashes)));
            view.put("recordKeyHashes", keys);
        }
        return view;
    }

    static Map<String, Object> verification(Verification verification) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("ok", verification.ok());
        view.put("checked", verification.eventsChecked());
        view.put("head", verification.lastGood().toString());
        view.put("problem", verification.problem().map(problem -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("seq", problem.seq());
            p.put("kind", problem.kind().name());
            p.put("message", problem.message());
            return p;
        }).orElse(null));
        view.put("summary", verification.summary());
        return view;
    }

    static Map<String, Object> accesses(List<RecordAccess> accesses) {
        return Map.of("accesses", accesses.stream().map(AuditViews::access).toList());
    }

    private static Map<String, Object> access(RecordAccess access) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("lease", access.leaseId());
        view.put("session", access.sessionId());
        view.put("subject", access.subject());
        view.put("ciRun", access.ciRun());
        view.put("at", Views.time(access.firstAt()));
        view.put("lastAt", Views.time(access.lastAt()));
        view.put("statements", access.statements());
        return view;
    }
}
