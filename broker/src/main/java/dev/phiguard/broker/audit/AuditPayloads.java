package dev.phiguard.broker.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phiguard.broker.lease.LeaseState;
import dev.phiguard.broker.lease.Principal;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes an {@link AuditEvent} as the log's JSON payload and reads it back. The payload holds everything but the
 * time (the {@code event_time} column) and a statement's record keys (rows of {@code audit_record_keys}); both are
 * covered by the chain hash beside it. Field names are snake_case and stable: they are part of the export format.
 */
final class AuditPayloads {

    private final ObjectMapper json = new ObjectMapper();

    /** The payload of {@code event}. */
    String write(AuditEvent event) {
        ObjectNode node = json.createObjectNode();
        if (event instanceof AuditEvent.LeaseChanged lease) {
            node.put("lease_id", lease.leaseId());
            node.put("event", lease.event());
            lease.from().ifPresent(from -> node.put("from", from.name()));
            node.put("to", lease.to().name());
            if (lease.actor().isPresent()) {
                node.set("actor", principal(lease.actor().get()));
            } else {
                node.put("actor", "system");
            }
            node.put("purpose", lease.purpose());
            node.set("requester", principal(lease.requester()));
            lease.reason().ifPresent(reason -> node.put("reason", reason));
        } else if (event instanceof AuditEvent.CredentialFetched fetched) {
            node.put("lease_id", fetched.leaseId());
            node.put("purpose", fetched.purpose());
            node.set("requester", principal(fetched.requester()));
            fetched.clientAddress().ifPresent(address -> node.put("client_address", address));
        } else if (event instanceof AuditEvent.SessionOpened opened) {
            session(node, opened.sessionId(), opened.leaseId(), opened.purpose(), opened.identity(), opened.node(),
                    opened.clientAddress());
        } else if (event instanceof AuditEvent.SessionClosed closed) {
            session(node, closed.sessionId(), closed.leaseId(), closed.purpose(), closed.identity(), closed.node(),
                    closed.clientAddress());
            node.put("reason", closed.reason());
        } else if (event instanceof AuditEvent.StatementExecuted statement) {
            node.put("lease_id", statement.leaseId());
            node.put("session_id", statement.sessionId());
            node.put("purpose", statement.purpose());
            node.set("identity", principal(statement.identity()));
            node.put("statement", statement.statement());
            if (statement.statementTruncated()) {
                node.put("statement_truncated", true);
            }
            node.put("decision", statement.decision().name());
            statement.rule().ifPresent(rule -> node.put("rule", rule));
            node.put("rows_returned", statement.rowsReturned());
            node.put("values_masked", statement.valuesMasked());
            if (statement.coalesced()) {
                // written only for coalesced events, so that a single execution's payload is as it always was
                node.put("executions", statement.executions());
                node.put("first_time", statement.firstAt().toString());
            }
        } else {
            throw new IllegalArgumentException("unknown audit event " + event.getClass().getName());
        }
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an audit payload", e);
        }
    }

    /**
     * The event stored as {@code type}, {@code time}, {@code payload} and {@code recordKeys}.
     *
     * @throws IllegalArgumentException when the payload is not what {@link #write} produces for that type
     */
    AuditEvent read(String type, Instant time, String payload, SortedMap<String, ? extends Set<String>> recordKeys) {
        JsonNode node;
        try {
            node = json.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the payload is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the payload is not a JSON object");
        }
        AuditEventType eventType;
        try {
            eventType = AuditEventType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown event type " + type);
        }
        if (eventType != AuditEventType.STATEMENT && !recordKeys.isEmpty()) {
            throw new IllegalArgumentException("a " + type + " event has record keys");
        }
        try {
            return switch (eventType) {
                case LEASE -> new AuditEvent.LeaseChanged(time, text(node, "lease_id"), text(node, "event"),
                        optional(node, "from").map(LeaseState::valueOf), LeaseState.valueOf(text(node, "to")),
                        actor(node.get("actor")), text(node, "purpose"), principal(node.get("requester")),
                        optional(node, "reason"));
                case CREDENTIAL -> new AuditEvent.CredentialFetched(time, text(node, "lease_id"),
                        text(node, "purpose"), principal(node.get("requester")), optional(node, "client_address"));
                case SESSION_OPENED -> new AuditEvent.SessionOpened(time, text(node, "session_id"),
                        text(node, "lease_id"), text(node, "purpose"), principal(node.get("identity")),
                        text(node, "node"), text(node, "client_address"));
                case SESSION_CLOSED -> new AuditEvent.SessionClosed(time, text(node, "session_id"),
                        text(node, "lease_id"), text(node, "purpose"), principal(node.get("identity")),
                        text(node, "node"), text(node, "client_address"), text(node, "reason"));
                case STATEMENT -> new AuditEvent.StatementExecuted(time, principal(node.get("identity")),
                        text(node, "purpose"), text(node, "lease_id"), text(node, "session_id"),
                        text(node, "statement"), StatementDecision.valueOf(text(node, "decision")),
                        optional(node, "rule"), number(node, "rows_returned"), number(node, "values_masked"),
                        new TreeMap<>(recordKeys), node.path("statement_truncated").asBoolean(false),
                        node.has("executions") ? number(node, "executions") : 1,
                        node.has("first_time") ? instant(node, "first_time") : time);
            };
        } catch (NullPointerException e) {
            throw new IllegalArgumentException("the payload of a " + type + " event lacks a field");
        }
    }

    /** The event's record keys as JSON ({@code {"table": ["hash", ...]}}), for the export. */
    ObjectNode recordKeys(SortedMap<String, ? extends Set<String>> keys) {
        ObjectNode node = json.createObjectNode();
        keys.forEach((table, hashes) -> {
            ArrayNode array = node.putArray(table);
            hashes.forEach(array::add);
        });
        return node;
    }

    ObjectMapper mapper() {
        return json;
    }

    private void session(ObjectNode node, String sessionId, String leaseId, String purpose, Principal identity,
                         String nodeName, String clientAddress) {
        node.put("session_id", sessionId);
        node.put("lease_id", leaseId);
        node.put("purpose", purpose);
        node.set("identity", principal(identity));
        node.put("node", nodeName);
        node.put("client_address", clientAddress);
    }

    private ObjectNode principal(Principal principal) {
        ObjectNode node = json.createObjectNode();
        node.put("issuer", principal.issuer());
        node.put("subject", principal.subject());
        ArrayNode groups = node.putArray("groups");
        principal.groups().forEach(groups::add);
        ObjectNode claims = node.putObject("claims");
        principal.claims().forEach(claims::put);
        return node;
    }

    private static Principal principal(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("an identity in the payload is not an object");
        }
        Set<String> groups = new TreeSet<>();
        node.path("groups").forEach(group -> groups.add(group.asText()));
        Map<String, String> claims = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.path("claims").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> claim = fields.next();
            claims.put(claim.getKey(), claim.getValue().asText());
        }
        return new Principal(text(node, "issuer"), text(node, "subject"), groups, claims);
    }

    private static Optional<Principal> actor(JsonNode node) {
        if (node != null && node.isTextual() && node.asText().equals("system")) {
            return Optional.empty();
        }
        return Optional.of(principal(node));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("the payload's " + field + " is missing or not a string");
        }
        return value.asText();
    }

    private static Optional<String> optional(JsonNode node, String field) {
        return node.has(field) ? Optional.of(text(node, field)) : Optional.empty();
    }

    private static Instant instant(JsonNode node, String field) {
        try {
            return Instant.parse(text(node, field));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("the payload's " + field + " is not a time");
        }
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new IllegalArgumentException("the payload's " + field + " is missing or not a number");
        }
        return value.asLong();
    }
}
