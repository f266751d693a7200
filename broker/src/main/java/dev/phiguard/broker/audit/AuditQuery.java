package dev.phiguard.broker.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phiguard.broker.identity.CiRun;
import dev.phiguard.broker.lease.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Reads the audit log for auditors: {@link #search} by lease, subject, purpose, time range and type;
 * {@link #whoAccessed} for the sessions whose statements returned one record; {@link #export} as JSON lines. Reads
 * stream from the database (rows are fetched in pages), so a large log is never loaded whole. Reading does not check
 * the chain; {@link AuditVerifier} does.
 */
public final class AuditQuery {

    private static final String EVENT_COLUMNS = "seq, event_time, event_type, payload, prev_hash, hash";
    private static final String WITH_KEYS = "SELECT e.seq, e.event_time, e.event_type, e.payload, e.prev_hash, e.hash,"
            + " k.table_name, k.key_hash FROM (SELECT " + EVENT_COLUMNS + " FROM audit_events %s) e"
            + " LEFT JOIN audit_record_keys k ON k.seq = e.seq ORDER BY e.seq, k.table_name, k.key_hash";
    private static final String WHO_ACCESSED = "SELECT e.seq, e.event_time, e.lease_id, e.session_id, e.subject,"
            + " e.payload FROM audit_record_keys k JOIN audit_events e ON e.seq = k.seq"
            + " WHERE k.table_name = ? AND k.key_hash = ? AND e.event_type = ? ORDER BY e.seq";

    private final AuditJdbc jdbc;
    private final RecordKeyHasher hasher;
    private final AuditPayloads payloads = new AuditPayloads();

    /**
     * @param dataSource the broker's database
     * @param hasher     the same key the proxy hashed record keys with
     */
    public AuditQuery(DataSource dataSource, RecordKeyHasher hasher) {
        this.jdbc = new AuditJdbc(dataSource);
        this.hasher = Objects.requireNonNull(hasher, "hasher");
    }

    /** Hands the matching events, in sequence order, to {@code sink} one at a time; returns how many. */
    public long search(AuditFilter filter, Consumer<? super AuditEntry> sink) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(sink, "sink");
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        conditions.add("seq > ?");
        parameters.add(filter.afterSeq());
        filter.leaseId().ifPresent(value -> {
            conditions.add("lease_id = ?");
            parameters.add(value);
        });
        filter.subject().ifPresent(value -> {
            conditions.add("subject = ?");
            parameters.add(value);
        });
        filter.purpose().ifPresent(value -> {
            conditions.add("purpose = ?");
            parameters.add(value);
        });
        filter.from().ifPresent(value -> {
            conditions.add("event_time >= ?");
            parameters.add(AuditJdbc.timestamp(value));
        });
        filter.until().ifPresent(value -> {
            conditions.add("event_time < ?");
            parameters.add(AuditJdbc.timestamp(value));
        });
        filter.type().ifPresent(value -> {
            conditions.add("event_type = ?");
            parameters.add(value.name());
        });
        parameters.add(filter.limit());
        String where = "WHERE " + String.join(" AND ", conditions) + " ORDER BY seq LIMIT ?";
        return stream("search", where, parameters, sink);
    }

    /** The matching events as a list (for small results; {@link #search(AuditFilter, Consumer)} streams). */
    public List<AuditEntry> search(AuditFilter filter) {
        List<AuditEntry> entries = new ArrayList<>();
        search(filter, entries::add);
        return entries;
    }

    /**
     * The sessions whose statements returned the record {@code rawKey} of {@code table}, in the order they first
     * did. The raw key is hashed here with the server's key and never stored or logged.
     *
     * @param table  the table as the policy's record keys name it (e.g. {@code patients})
     * @param rawKey the key value (e.g. an MRN)
     */
    public List<RecordAccess> whoAccessed(String table, String rawKey) {
        String keyHash = hasher.hash(table, rawKey);
        return jdbc.inTransaction("find who accessed a record of " + table, connection -> {
            Map<List<String>, RecordAccess> accesses = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement(WHO_ACCESSED)) {
                select.setFetchSize(AuditJdbc.FETCH_SIZE);
                select.setString(1, table);
                select.setString(2, keyHash);
                select.setString(3, AuditEventType.STATEMENT.name());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String leaseId = rows.getString("lease_id");
                        String sessionId = rows.getString("session_id");
                        Instant at = AuditJdbc.instant(rows, "event_time");
                        AuditEvent.StatementExecuted statement = statementOf(rows.getLong("seq"),
                                rows.getString("payload"), at);
                        accesses.merge(List.of(leaseId, sessionId),
                                new RecordAccess(leaseId, sessionId, rows.getString("subject"), ciRun(statement),
                                        statement.firstAt(), at, statement.executions()),
                                (first, next) -> new RecordAccess(first.leaseId(), first.sessionId(),
                                        first.subject(), first.ciRun(), min(first.firstAt(), next.firstAt()),
                                        max(first.lastAt(), next.lastAt()), first.statements() + next.statements()));
                    }
                }
            }
            return List.copyOf(accesses.values());
        });
    }

    /**
     * Writes every event, in sequence order, as one JSON object per line: {@code seq}, {@code time}, {@code type},
     * {@code event} (the payload), {@code record_keys} (table to hashes, for statements), {@code prev_hash} and
     * {@code hash}. Returns how many lines were written. The writer is flushed, not closed.
     */
    public long export(Writer out) {
        Objects.requireNonNull(out, "out");
        ObjectMapper mapper = payloads.mapper();
        return jdbc.inTransaction("export", connection -> {
            long lines = 0;
            try (PreparedStatement select = connection.prepareStatement(String.format(WITH_KEYS, "ORDER BY seq"))) {
                select.setFetchSize(AuditJdbc.FETCH_SIZE);
                try (ResultSet rows = select.executeQuery()) {
                    RowGroups groups = new RowGroups(rows);
                    while (groups.next()) {
                        writeLine(out, mapper, groups);
                        lines++;
                    }
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the audit export", e);
            }
            return lines;
        });
    }

    private void writeLine(Writer out, ObjectMapper mapper, RowGroups row) throws IOException {
        JsonGenerator json = mapper.getFactory().createGenerator(out);
        json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        json.writeStartObject();
        json.writeNumberField("seq", row.seq);
        json.writeStringField("time", row.time.toString());
        json.writeStringField("type", row.type);
        json.writeFieldName("event");
        json.writeTree(mapper.readTree(row.payload));
        if (!row.keys.isEmpty()) {
            json.writeFieldName("record_keys");
            json.writeTree(payloads.recordKeys(row.keys));
        }
        json.writeStringField("prev_hash", row.prevHash);
        json.writeStringField("hash", row.hash);
        json.writeEndObject();
        json.flush();
        out.write('\n');
    }

    private long stream(String what, String where, List<Object> parameters, Consumer<? super AuditEntry> sink) {
        return jdbc.inTransaction(what, connection -> {
            long count = 0;
            try (PreparedStatement select = connection.prepareStatement(String.format(WITH_KEYS, where))) {
                select.setFetchSize(AuditJdbc.FETCH_SIZE);
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    RowGroups groups = new RowGroups(rows);
                    while (groups.next()) {
                        sink.accept(new AuditEntry(groups.seq, read(groups), groups.prevHash, groups.hash));
                        count++;
                    }
                }
            }
            return count;
        });
    }

    private AuditEvent read(RowGroups row) {
        try {
            return payloads.read(row.type, row.time, row.payload, row.keys);
        } catch (IllegalArgumentException e) {
            throw new AuditStoreException("audit log: event seq " + row.seq + " cannot be read (" + e.getMessage()
                    + "); run the verifier");
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private AuditEvent.StatementExecuted statementOf(long seq, String payload, Instant at) {
        AuditEvent event;
        try {
            event = payloads.read(AuditEventType.STATEMENT.name(), at, payload, new TreeMap<>());
        } catch (IllegalArgumentException e) {
            throw new AuditStoreException("audit log: event seq " + seq + " cannot be read (" + e.getMessage()
                    + "); run the verifier");
        }
        if (!(event instanceof AuditEvent.StatementExecuted statement)) {
            throw new AuditStoreException("audit log: event seq " + seq + " is not a statement");
        }
        return statement;
    }

    private static String ciRun(AuditEvent.StatementExecuted statement) {
        Principal identity = statement.identity();
        CiRun run = CiRun.fromClaims(identity.claims());
        if (run instanceof CiRun.GitHubActions github) {
            return github.displayName();
        }
        if (run instanceof CiRun.GitLab gitlab) {
            return gitlab.displayName();
        }
        return "none";
    }

    /** Groups the joined rows (one per record key, or one with no key) into events. */
    private static final class RowGroups {
        private final ResultSet rows;
        private boolean pending;
        private boolean started;
        long seq;
        Instant time;
        String type;
        String payload;
        String prevHash;
        String hash;
        SortedMap<String, Set<String>> keys;

        RowGroups(ResultSet rows) {
            this.rows = rows;
        }

        /** Moves to the next event; false at the end. */
        boolean next() throws SQLException {
            if (!started) {
                pending = rows.next();
                started = true;
            }
            if (!pending) {
                return false;
            }
            seq = rows.getLong("seq");
            time = AuditJdbc.instant(rows, "event_time");
            type = rows.getString("event_type");
            payload = rows.getString("payload");
            prevHash = rows.getString("prev_hash");
            hash = rows.getString("hash");
            keys = new TreeMap<>();
            while (pending && rows.getLong("seq") == seq) {
                String table = rows.getString("table_name");
                if (table != null) {
                    keys.computeIfAbsent(table, t -> new TreeSet<>()).add(rows.getString("key_hash"));
                }
                pending = rows.next();
            }
            return true;
        }
    }
}
