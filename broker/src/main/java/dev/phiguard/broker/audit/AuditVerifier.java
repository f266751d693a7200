package dev.phiguard.broker.audit;

import dev.phiguard.broker.audit.Verification.Kind;
import dev.phiguard.broker.audit.Verification.Problem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Checks the audit log's chain: walks the events in sequence order, streaming (memory does not grow with the log),
 * beside their record-key rows, and reports the first problem precisely — a missing sequence number (a deleted
 * event), an event whose content no longer matches its hash (edited, or moved), a {@code prev_hash} that does not
 * link to the event before (reordered), record-key rows that do not match their digest (edited), search columns that
 * disagree with the payload, and a chain head row that disagrees with the last event. Given an anchored
 * {@link ChainHead}, it also checks that the chain still passes through it. See the package documentation for what
 * this proves and what it cannot.
 */
public final class AuditVerifier {

    private static final String EVENTS = "SELECT seq, event_time, event_type, lease_id, session_id, subject, purpose,"
            + " payload, record_keys_digest, prev_hash, hash FROM audit_events ORDER BY seq";
    private static final String KEYS = "SELECT seq, table_name, key_hash FROM audit_record_keys"
            + " ORDER BY seq, table_name, key_hash";
    private static final String HEAD = "SELECT seq, hash FROM audit_chain_head WHERE id = 1";

    private final AuditJdbc jdbc;
    private final AuditPayloads payloads = new AuditPayloads();

    public AuditVerifier(DataSource dataSource) {
        this.jdbc = new AuditJdbc(dataSource);
    }

    /** Verifies the whole chain against itself and its head row. */
    public Verification verify() {
        return run(Optional.empty());
    }

    /** Verifies the whole chain, and that it passes through {@code anchor} (a head recorded earlier elsewhere). */
    public Verification verify(ChainHead anchor) {
        return run(Optional.of(Objects.requireNonNull(anchor, "anchor")));
    }

    private Verification run(Optional<ChainHead> anchor) {
        return jdbc.inTransaction("verify the chain", connection -> {
            ChainHead headAtStart = readHead(connection);
            Walk walk = new Walk(anchor, headAtStart);
            try (PreparedStatement events = connection.prepareStatement(EVENTS);
                 PreparedStatement keys = connection.prepareStatement(KEYS)) {
                events.setFetchSize(AuditJdbc.FETCH_SIZE);
                keys.setFetchSize(AuditJdbc.FETCH_SIZE);
                try (ResultSet eventRows = events.executeQuery(); ResultSet keyRows = keys.executeQuery()) {
                    KeyCursor keyCursor = new KeyCursor(keyRows);
                    while (eventRows.next()) {
                        Optional<Problem> problem = walk.check(eventRows, keyCursor);
                        if (problem.isPresent()) {
                            return walk.result(problem);
                        }
                    }
                    if (keyCursor.hasCurrent()) {
                        return walk.result(Optional.of(new Problem(Kind.ORPHAN_RECORD_KEYS, keyCursor.seq(),
                                "record-key rows name seq " + keyCursor.seq() + ", which is not an event")));
                    }
                }
            }
            return walk.result(walk.finish(readHead(connection)));
        });
    }

    private static ChainHead readHead(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(HEAD); ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                throw new AuditStoreException("audit log: the chain head row is missing from audit_chain_head");
            }
            try {
                return new ChainHead(rows.getLong(1), rows.getString(2));
            } catch (IllegalArgumentException e) {
                throw new AuditStoreException("audit log: the chain head row is damaged: " + e.getMessage());
            }
        }
    }

    /** The state of one walk along the chain. */
    private final class Walk {
        private final Optional<ChainHead> anchor;
        private final ChainHead headAtStart;
        private long checked;
        private ChainHead last = ChainHead.EMPTY;

        Walk(Optional<ChainHead> anchor, ChainHead headAtStart) {
            this.anchor = anchor;
            this.headAtStart = headAtStart;
        }

        Optional<Problem> check(ResultSet row, KeyCursor keys) throws SQLException {
            long seq = row.getLong("seq");
            long expected = last.seq() + 1;
            if (seq != expected) {
                return problem(Kind.MISSING_EVENT, expected, "event seq " + expected + " is missing"
                        + (seq == expected + 1 ? "" : " (and the following up to seq " + (seq - 1) + ")")
                        + "; the next stored event is seq " + seq + ": deleted");
            }
            if (keys.hasCurrent() && keys.seq() < seq) {
                return problem(Kind.ORPHAN_RECORD_KEYS, keys.seq(),
                        "record-key rows name seq " + keys.seq() + ", which is not an event");
            }
            SortedMap<String, Set<String>> recordKeys = keys.take(seq);
            String digest = row.getString("record_keys_digest");
            if (!ChainHash.recordKeys(recordKeys).equals(digest)) {
                return problem(Kind.EDITED_RECORD_KEYS, seq, "the record-key rows of seq " + seq
                        + " do not match the digest its hash covers: a row was edited, added or deleted");
            }
            Instant time = AuditJdbc.instant(row, "event_time");
            String type = row.getString("event_type");
            String payload = row.getString("payload");
            String prevHash = row.getString("prev_hash");
            String hash = row.getString("hash");
            if (!ChainHash.event(seq, time, type, payload, prevHash, digest).equals(hash)) {
                return problem(Kind.EDITED_EVENT, seq, "event seq " + seq + " does not match its hash: its time, type,"
                        + " payload or record-key digest was edited, or it was moved here from another position");
            }
            if (!prevHash.equals(last.hash())) {
                return problem(Kind.BROKEN_LINK, seq, "event seq " + seq + " does not link to seq " + last.seq()
                        + " (its prev_hash is not that event's hash): events were reordered or replaced");
            }
            AuditEvent event;
            try {
                event = payloads.read(type, time, payload, recordKeys);
            } catch (IllegalArgumentException e) {
                return problem(Kind.UNREADABLE_EVENT, seq, "event seq " + seq + " matches its hash but is not a valid "
                        + type + " event: " + e.getMessage());
            }
            Optional<Problem> columns = columns(seq, row, event.columns());
            if (columns.isPresent()) {
                return columns;
            }
            if (seq == headAtStart.seq() && !hash.equals(headAtStart.hash())) {
                return problem(Kind.HEAD_MISMATCH, seq, "the chain head row names a different hash for seq " + seq
                        + " than the event has");
            }
            if (anchor.isPresent() && seq == anchor.get().seq() && !hash.equals(anchor.get().hash())) {
                return problem(Kind.ANCHOR_MISMATCH, seq, "event seq " + seq + " is not the anchored event (hash "
                        + anchor.get().hash() + "): the chain was rewritten");
            }
            checked++;
            last = new ChainHead(seq, hash);
            return Optional.empty();
        }

        private Optional<Problem> columns(long seq, ResultSet row, AuditColumns expected) throws SQLException {
            String[][] pairs = {
                    {"lease_id", row.getString("lease_id"), expected.leaseId().orElse(null)},
                    {"session_id", row.getString("session_id"), expected.sessionId().orElse(null)},
                    {"subject", row.getString("subject"), expected.subject().orElse(null)},
                    {"purpose", row.getString("purpose"), expected.purpose().orElse(null)},
            };
            for (String[] pair : pairs) {
                if (!Objects.equals(pair[1], pair[2])) {
                    return problem(Kind.COLUMN_MISMATCH, seq, "the " + pair[0] + " column of seq " + seq
                            + " disagrees with the event's payload: it was edited");
                }
            }
            return Optional.empty();
        }

        /** The checks after the last event: nothing cut off the end, the head row and the anchor agree. */
        Optional<Problem> finish(ChainHead headAtEnd) {
            if (last.seq() < headAtStart.seq()) {
                return problem(Kind.MISSING_EVENT, last.seq() + 1, "the events after seq " + last.seq()
                        + " are missing; the chain head is at seq " + headAtStart.seq() + ": the log was cut short");
            }
            if (last.seq() > headAtEnd.seq()) {
                return problem(Kind.HEAD_MISMATCH, headAtEnd.seq() + 1, "events after the chain head (seq "
                        + headAtEnd.seq() + ") exist: they were inserted without the log");
            }
            if (anchor.isPresent() && last.seq() < anchor.get().seq()) {
                return problem(Kind.ANCHOR_MISMATCH, last.seq() + 1, "the chain ends at seq " + last.seq()
                        + " before the anchored seq " + anchor.get().seq() + ": it was cut short or rewritten");
            }
            return Optional.empty();
        }

        Verification result(Optional<Problem> problem) {
            return new Verification(checked, last, problem);
        }

        private Optional<Problem> problem(Kind kind, long seq, String message) {
            return Optional.of(new Problem(kind, seq, message));
        }
    }

    /** Reads the record-key rows (ordered by seq) alongside the events. */
    private static final class KeyCursor {
        private final ResultSet rows;
        private boolean current;

        KeyCursor(ResultSet rows) throws SQLException {
            this.rows = rows;
            this.current = rows.next();
        }

        boolean hasCurrent() {
            return current;
        }

        long seq() throws SQLException {
            return rows.getLong(1);
        }

        /** The rows of {@code seq}, consumed. */
        SortedMap<String, Set<String>> take(long seq) throws SQLException {
            SortedMap<String, Set<String>> keys = new TreeMap<>();
            while (current && rows.getLong(1) == seq) {
                keys.computeIfAbsent(rows.getString(2), table -> new TreeSet<>()).add(rows.getString(3));
                current = rows.next();
            }
            return keys;
        }
    }
}
