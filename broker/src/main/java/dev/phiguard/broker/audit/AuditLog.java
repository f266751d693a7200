package dev.phiguard.broker.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import javax.sql.DataSource;

/**
 * The append-only audit log in the broker's database (H2 or PostgreSQL; the tables come from the store's migration
 * {@code V3__audit_log.sql}). Each {@link #append} adds one row to {@code audit_events} with the next sequence
 * number, the previous row's hash and its own hash (see {@link ChainHash}), plus one row per record-key hash to
 * {@code audit_record_keys}. There is no update or delete.
 *
 * <p>Appends are serialised by locking the single row of {@code audit_chain_head} ({@code SELECT ... FOR UPDATE})
 * for the length of the transaction, which also moves the head. Threads of one process and nodes sharing one
 * PostgreSQL therefore queue for the lock and extend one linear chain; sequence numbers have no gaps because a
 * failed transaction moves nothing. {@link #appendAll} writes a batch in one transaction, which is what
 * {@link AuditWriter} uses on the data path. The sequence is the order of recording; event times are as the callers
 * report them and need not be monotonic.
 */
public final class AuditLog {

    private static final String LOCK_HEAD = "SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE";
    private static final String READ_HEAD = "SELECT seq, hash FROM audit_chain_head WHERE id = 1";
    private static final String MOVE_HEAD = "UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1";
    private static final String INSERT_EVENT = "INSERT INTO audit_events (seq, event_time, event_type, lease_id,"
            + " session_id, subject, purpose, payload, record_keys_digest, prev_hash, hash)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Record-key rows per INSERT: one multi-row statement is several times faster than a batch of single rows. */
    static final int KEYS_PER_INSERT = 100;

    private final AuditJdbc jdbc;
    private final AuditPayloads payloads = new AuditPayloads();

    private AuditLog(AuditJdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The log in this database, whose schema the store's migrations have created.
     *
     * @throws AuditStoreException when the audit tables are missing
     */
    public static AuditLog open(DataSource dataSource) {
        AuditJdbc jdbc = new AuditJdbc(dataSource);
        jdbc.checkSchema();
        return new AuditLog(jdbc);
    }

    /** Appends one event; returns the new head (the event's seq and hash). */
    public ChainHead append(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        return appendAll(List.of(event));
    }

    /**
     * Appends the events in order, in one transaction: all of them or, on failure, none.
     *
     * @return the new head (the last event's seq and hash); the current head for an empty list
     */
    public ChainHead appendAll(List<? extends AuditEvent> events) {
        Objects.requireNonNull(events, "events");
        if (events.isEmpty()) {
            return head();
        }
        events.forEach(event -> Objects.requireNonNull(event, "an event in the batch"));
        List<String> encoded = events.stream().map(payloads::write).toList();
        return jdbc.inTransaction("append " + events.size() + " event(s)", connection -> {
            ChainHead head = lockHead(connection);
            long seq = head.seq();
            String prevHash = head.hash();
            List<KeyRow> keyRows = new ArrayList<>();
            try (PreparedStatement insertEvent = connection.prepareStatement(INSERT_EVENT)) {
                for (int i = 0; i < events.size(); i++) {
                    AuditEvent event = events.get(i);
                    seq++;
                    SortedMap<String, Set<String>> keys = event instanceof AuditEvent.StatementExecuted statement
                            ? statement.recordKeys() : Collections.emptySortedMap();
                    String keysDigest = ChainHash.recordKeys(keys);
                    String hash = ChainHash.event(seq, event.at(), event.type().name(), encoded.get(i), prevHash,
                            keysDigest);
                    bindEvent(insertEvent, seq, event, encoded.get(i), keysDigest, prevHash, hash);
                    insertEvent.addBatch();
                    for (Map.Entry<String, Set<String>> table : keys.entrySet()) {
                        for (String keyHash : table.getValue()) {
                            keyRows.add(new KeyRow(seq, table.getKey(), keyHash));
                        }
                    }
                    prevHash = hash;
                }
                insertEvent.executeBatch();
            }
            insertKeys(connection, keyRows);
            ChainHead moved = new ChainHead(seq, prevHash);
            try (PreparedStatement move = connection.prepareStatement(MOVE_HEAD)) {
                move.setLong(1, moved.seq());
                move.setString(2, moved.hash());
                move.executeUpdate();
            }
            return moved;
        });
    }

    /** One row of {@code audit_record_keys}. */
    private record KeyRow(long seq, String table, String keyHash) {
    }

    /** Inserts the rows {@value #KEYS_PER_INSERT} at a time, in multi-row INSERT statements. */
    private static void insertKeys(Connection connection, List<KeyRow> rows) throws SQLException {
        int full = rows.size() / KEYS_PER_INSERT * KEYS_PER_INSERT;
        if (full > 0) {
            try (PreparedStatement insert = connection.prepareStatement(insertKeysSql(KEYS_PER_INSERT))) {
                for (int from = 0; from < full; from += KEYS_PER_INSERT) {
                    bindKeys(insert, rows.subList(from, from + KEYS_PER_INSERT));
                    insert.executeUpdate();
                }
            }
        }
        if (full < rows.size()) {
            List<KeyRow> rest = rows.subList(full, rows.size());
            try (PreparedStatement insert = connection.prepareStatement(insertKeysSql(rest.size()))) {
                bindKeys(insert, rest);
                insert.executeUpdate();
            }
        }
    }

    private static String insertKeysSql(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO audit_record_keys (seq, table_name, key_hash) VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
        }
        return sql.toString();
    }

    private static void bindKeys(PreparedStatement insert, List<KeyRow> rows) throws SQLException {
        int parameter = 1;
        for (KeyRow row : rows) {
            insert.setLong(parameter++, row.seq());
            insert.setString(parameter++, row.table());
            insert.setString(parameter++, row.keyHash());
        }
    }

    /** The chain's current head, to log or anchor elsewhere (see the package documentation). */
    public ChainHead head() {
        return jdbc.inTransaction("read the chain head", connection -> {
            try (PreparedStatement select = connection.prepareStatement(READ_HEAD);
                 ResultSet rows = select.executeQuery()) {
                return headOf(rows);
            }
        });
    }

    private static ChainHead lockHead(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(LOCK_HEAD);
             ResultSet rows = select.executeQuery()) {
            return headOf(rows);
        }
    }

    private static ChainHead headOf(ResultSet rows) throws SQLException {
        if (!rows.next()) {
            throw new AuditStoreException("audit log: the chain head row is missing from audit_chain_head");
        }
        try {
            return new ChainHead(rows.getLong(1), rows.getString(2));
        } catch (IllegalArgumentException e) {
            throw new AuditStoreException("audit log: the chain head row is damaged: " + e.getMessage());
        }
    }

    private static void bindEvent(PreparedStatement insert, long seq, AuditEvent event, String payload,
                                  String keysDigest, String prevHash, String hash) throws SQLException {
        AuditColumns columns = event.columns();
        insert.setLong(1, seq);
        insert.setObject(2, AuditJdbc.timestamp(event.at()));
        insert.setString(3, event.type().name());
        setOptional(insert, 4, columns.leaseId());
        setOptional(insert, 5, columns.sessionId());
        setOptional(insert, 6, columns.subject());
        setOptional(insert, 7, columns.purpose());
        insert.setString(8, payload);
        insert.setString(9, keysDigest);
        insert.setString(10, prevHash);
        insert.setString(11, hash);
    }

    private static void setOptional(PreparedStatement statement, int index, Optional<String> value)
            throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }
}
