package dev.phiguard.broker.audit;

import static dev.phiguard.broker.audit.AuditEvents.CI_BOT;
import static dev.phiguard.broker.audit.AuditEvents.OTHER_BOT;
import static dev.phiguard.broker.audit.AuditEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.broker.audit.Verification.Kind;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the audit log does, run against each backend by a subclass: embedded H2 ({@code *Test}) and a real PostgreSQL
 * ({@code *IT}). Each test starts from a freshly migrated database. Tampering is done the way an attacker with write
 * access to the database would: plain SQL on the tables.
 */
abstract class AuditLogContract {

    static final String L1 = "lease-aaaaaaaaaaaaaaaa";
    static final String L2 = "lease-bbbbbbbbbbbbbbbb";
    static final String L3 = "lease-cccccccccccccccc";

    protected DataSource database;
    protected AuditLog log;
    protected AuditVerifier verifier;
    protected AuditQuery query;

    /** A new, empty database migrated by the lease store (V1, then the audit log's V3). */
    protected abstract DataSource freshDatabase() throws Exception;

    @BeforeEach
    void openLog() throws Exception {
        database = freshDatabase();
        log = AuditLog.open(database);
        verifier = new AuditVerifier(database);
        query = new AuditQuery(database, AuditEvents.HASHER);
    }

    /** The standard story of one lease; seq 5 is the statement with record keys, seq 6 the denied DELETE. */
    static List<AuditEvent> story() {
        return List.of(
                AuditEvents.requested(L1, T0),
                AuditEvents.approved(L1, T0.plusSeconds(1)),
                AuditEvents.fetched(L1, T0.plusSeconds(2)),
                AuditEvents.opened(L1, "s-1", T0.plusSeconds(3)),
                AuditEvents.statement(CI_BOT, L1, "s-1", T0.plusSeconds(4), "MRN-0000001", "MRN-0000002"),
                AuditEvents.denied(L1, "s-1", T0.plusSeconds(5)),
                AuditEvents.closed(L1, "s-1", T0.plusSeconds(6)),
                AuditEvents.expired(L1, T0.plusSeconds(7)));
    }

    private void appendStory() {
        for (AuditEvent event : story()) {
            log.append(event);
        }
    }

    @Test
    void anEmptyLogVerifies() {
        assertThat(log.head()).isEqualTo(ChainHead.EMPTY);
        Verification result = verifier.verify();
        assertThat(result.ok()).as(result.summary()).isTrue();
        assertThat(result.eventsChecked()).isZero();
    }

    @Test
    void appendedEventsFormAChainThatVerifiesAndReadsBackEqual() {
        List<ChainHead> heads = new ArrayList<>();
        for (AuditEvent event : story()) {
            heads.add(log.append(event));
        }
        assertThat(heads).extracting(ChainHead::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(log.head()).isEqualTo(heads.get(7));

        Verification result = verifier.verify();
        assertThat(result.ok()).as(result.summary()).isTrue();
        assertThat(result.eventsChecked()).isEqualTo(8);
        assertThat(result.lastGood()).isEqualTo(log.head());
        assertThat(verifier.verify(heads.get(3)).ok()).isTrue();

        List<AuditEntry> entries = query.search(AuditFilter.all());
        assertThat(entries).extracting(AuditEntry::event).containsExactlyElementsOf(story());
        assertThat(entries.get(0).prevHash()).isEqualTo(ChainHead.GENESIS_HASH);
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).prevHash()).isEqualTo(entries.get(i - 1).hash());
        }
    }

    @Test
    void aStatementWithMoreRecordKeysThanOneInsertTakesIsStoredWhole() {
        int keys = 2 * AuditLog.KEYS_PER_INSERT + 37; // two full multi-row inserts and a shorter one
        String[] mrns = new String[keys];
        for (int i = 0; i < keys; i++) {
            mrns[i] = "BULK-" + i;
        }
        log.appendAll(List.of(AuditEvents.statement(CI_BOT, L1, "s-bulk", T0, mrns),
                AuditEvents.statement(CI_BOT, L1, "s-bulk", T0.plusSeconds(1), "BULK-0", "ONE-MORE")));
        assertThat(verifier.verify().ok()).isTrue();
        for (int i : new int[] {0, AuditLog.KEYS_PER_INSERT - 1, AuditLog.KEYS_PER_INSERT, 2 * AuditLog.KEYS_PER_INSERT,
                keys - 1}) {
            assertThat(query.whoAccessed("patients", "BULK-" + i)).as("key %d", i).hasSize(1);
        }
        AuditEvent.StatementExecuted read = (AuditEvent.StatementExecuted) query.search(AuditFilter.all()).get(0)
                .event();
        assertThat(read.recordKeys().get("patients")).hasSize(keys);
        assertThat(query.whoAccessed("patients", "BULK-0").get(0).statements()).isEqualTo(2);
    }

    @Test
    void appendAllWritesABatchAsConsecutiveLinks() {
        log.append(AuditEvents.requested(L1, T0));
        ChainHead head = log.appendAll(story());
        assertThat(head.seq()).isEqualTo(9);
        assertThat(log.appendAll(List.of())).isEqualTo(head);
        Verification result = verifier.verify();
        assertThat(result.ok()).as(result.summary()).isTrue();
        assertThat(result.eventsChecked()).isEqualTo(9);
    }

    static Stream<Arguments> tampering() {
        return Stream.of(
                Arguments.of("edit a payload", List.of(
                        "UPDATE audit_events SET payload = REPLACE(payload, 'DELETE FROM patients', 'SELECT 1')"
                                + " WHERE seq = 6"), Kind.EDITED_EVENT, 6),
                Arguments.of("edit a time", List.of(
                        "UPDATE audit_events SET event_time = event_time + INTERVAL '1' HOUR WHERE seq = 7"),
                        Kind.EDITED_EVENT, 7),
                Arguments.of("delete an event", List.of("DELETE FROM audit_events WHERE seq = 4"),
                        Kind.MISSING_EVENT, 4),
                Arguments.of("delete the last event", List.of("DELETE FROM audit_events WHERE seq = 8"),
                        Kind.MISSING_EVENT, 8),
                Arguments.of("delete a statement with its record keys", List.of(
                        "DELETE FROM audit_record_keys WHERE seq = 5", "DELETE FROM audit_events WHERE seq = 5"),
                        Kind.MISSING_EVENT, 5),
                Arguments.of("swap two events", List.of(
                        "UPDATE audit_events SET seq = 100 WHERE seq = 2",
                        "UPDATE audit_events SET seq = 2 WHERE seq = 3",
                        "UPDATE audit_events SET seq = 3 WHERE seq = 100"), Kind.EDITED_EVENT, 2),
                Arguments.of("edit a record-key row", List.of(
                        "UPDATE audit_record_keys SET key_hash = '" + "f".repeat(64) + "' WHERE seq = 5"
                                + " AND key_hash = (SELECT MIN(key_hash) FROM audit_record_keys WHERE seq = 5)"),
                        Kind.EDITED_RECORD_KEYS, 5),
                Arguments.of("delete a record-key row", List.of(
                        "DELETE FROM audit_record_keys WHERE seq = 5"
                                + " AND key_hash = (SELECT MIN(key_hash) FROM audit_record_keys WHERE seq = 5)"),
                        Kind.EDITED_RECORD_KEYS, 5),
                Arguments.of("add a record-key row", List.of(
                        "INSERT INTO audit_record_keys VALUES (6, 'patients', '" + "e".repeat(64) + "')"),
                        Kind.EDITED_RECORD_KEYS, 6),
                Arguments.of("redirect an event to another lease", List.of(
                        "UPDATE audit_events SET lease_id = '" + L2 + "' WHERE seq = 3"), Kind.COLUMN_MISMATCH, 3),
                Arguments.of("move the head back", List.of(
                        "UPDATE audit_chain_head SET seq = 7, hash = (SELECT hash FROM audit_events WHERE seq = 7)"),
                        Kind.HEAD_MISMATCH, 8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tampering")
    void tamperingIsDetectedAndNamed(String what, List<String> statements, Kind kind, long seq) throws SQLException {
        appendStory();
        assertThat(verifier.verify().ok()).isTrue();

        sql(statements.toArray(String[]::new));

        Verification result = verifier.verify();
        assertThat(result.ok()).as(what).isFalse();
        assertThat(result.problem().orElseThrow().kind()).as(result.summary()).isEqualTo(kind);
        assertThat(result.problem().orElseThrow().seq()).as(result.summary()).isEqualTo(seq);
        assertThat(result.summary()).contains("seq " + seq);
        // events before the problem passed; a head row behind the events is noticed only after the last one
        assertThat(result.eventsChecked()).isEqualTo(kind == Kind.HEAD_MISMATCH ? seq : seq - 1);
    }

    @Test
    void reorderingThatReHashesTheMovedEventsStillBreaksTheLink() throws SQLException {
        appendStory();
        sql("UPDATE audit_events SET seq = 100 WHERE seq = 2",
                "UPDATE audit_events SET seq = 2 WHERE seq = 3",
                "UPDATE audit_events SET seq = 3 WHERE seq = 100");
        // the attacker knows the hash function and makes each moved row hash correctly at its new place
        rehash(2, false);
        rehash(3, false);

        Verification result = verifier.verify();
        assertThat(result.problem().orElseThrow().kind()).as(result.summary()).isEqualTo(Kind.BROKEN_LINK);
        assertThat(result.problem().orElseThrow().seq()).isEqualTo(2);
    }

    @Test
    void aTruncationThatAlsoMovesTheHeadIsCaughtOnlyByAnAnchor() throws SQLException {
        appendStory();
        ChainHead anchored = log.head();
        sql("DELETE FROM audit_events WHERE seq = 8",
                "UPDATE audit_chain_head SET seq = 7, hash = (SELECT hash FROM audit_events WHERE seq = 7)");

        assertThat(verifier.verify().ok()).as("without an anchor the shortened chain is consistent").isTrue();
        Verification anchoredResult = verifier.verify(anchored);
        assertThat(anchoredResult.problem().orElseThrow().kind()).isEqualTo(Kind.ANCHOR_MISMATCH);
        assertThat(anchoredResult.problem().orElseThrow().seq()).isEqualTo(8);
    }

    @Test
    void aRewrittenChainDoesNotPassThroughTheAnchor() throws SQLException {
        appendStory();
        ChainHead anchored = new ChainHead(4, query.search(AuditFilter.all()).get(3).hash());
        // rewrite seq 4 onwards consistently: edit seq 4 and re-hash it and every event after it
        sql("UPDATE audit_events SET payload = REPLACE(payload, 'node-a', 'node-z') WHERE seq = 4");
        for (long seq = 4; seq <= 8; seq++) {
            rehash(seq, true);
        }
        sql("UPDATE audit_chain_head SET hash = (SELECT hash FROM audit_events WHERE seq = 8)");

        assertThat(verifier.verify().ok()).isTrue();
        Verification result = verifier.verify(anchored);
        assertThat(result.problem().orElseThrow().kind()).isEqualTo(Kind.ANCHOR_MISMATCH);
        assertThat(result.problem().orElseThrow().seq()).isEqualTo(4);
    }

    @Test
    void concurrentAppendsFromSeveralNodesFormOneLinearChain() throws Exception {
        int threads = 4;
        int perThread = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                // each thread is its own AuditLog, as each node of a shared database would be
                AuditLog node = AuditLog.open(database);
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        if (thread == 0 && i % 10 == 0) {
                            node.appendAll(List.of(AuditEvents.opened(L1, "t0-" + i, T0),
                                    AuditEvents.closed(L1, "t0-" + i, T0)));
                        } else {
                            node.append(AuditEvents.statement(CI_BOT, L1, "t" + thread, T0.plusMillis(i),
                                    "MRN-" + thread + "-" + i));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long expected = threads * perThread + perThread / 10;
        Verification result = verifier.verify();
        assertThat(result.ok()).as(result.summary()).isTrue();
        assertThat(result.eventsChecked()).isEqualTo(expected);
        assertThat(log.head().seq()).isEqualTo(expected);
    }

    @Test
    void whoAccessedReturnsExactlyTheSessionsThatReturnedTheRecord() {
        log.append(AuditEvents.statement(CI_BOT, L1, "s-1", T0, "MRN-1", "MRN-2"));
        log.append(AuditEvents.statement(CI_BOT, L1, "s-1", T0.plusSeconds(1), "MRN-1"));
        log.append(AuditEvents.statement(OTHER_BOT, L2, "s-2", T0.plusSeconds(2), "MRN-2", "MRN-3"));
        log.append(AuditEvents.statement(CI_BOT, L3, "s-3", T0.plusSeconds(3), "MRN-1"));
        log.append(AuditEvents.statement(CI_BOT, L3, "s-4", T0.plusSeconds(4)));
        log.append(AuditEvents.denied(L2, "s-2", T0.plusSeconds(5)));
        log.append(AuditEvents.opened(L2, "s-5", T0.plusSeconds(6)));

        List<RecordAccess> mrn1 = query.whoAccessed("patients", "MRN-1");
        assertThat(mrn1).containsExactly(
                new RecordAccess(L1, "s-1", CI_BOT.subject(), "github:acme/etl@refs/heads/main run 1234/1", T0,
                        T0.plusSeconds(1), 2),
                new RecordAccess(L3, "s-3", CI_BOT.subject(), "github:acme/etl@refs/heads/main run 1234/1",
                        T0.plusSeconds(3), T0.plusSeconds(3), 1));
        assertThat(query.whoAccessed("patients", "MRN-2")).extracting(RecordAccess::leaseId, RecordAccess::ciRun)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(L1, "github:acme/etl@refs/heads/main run 1234/1"),
                        org.assertj.core.groups.Tuple.tuple(L2, "none"));
        assertThat(query.whoAccessed("patients", "MRN-3")).extracting(RecordAccess::leaseId).containsExactly(L2);
        assertThat(query.whoAccessed("patients", "MRN-4")).isEmpty();
        assertThat(query.whoAccessed("visits", "MRN-1")).as("the table is part of the key").isEmpty();
    }

    @Test
    void searchSelectsByLeaseSubjectPurposeTimeTypeAndPages() {
        log.append(AuditEvents.requested(L1, T0));
        log.append(AuditEvents.statement(OTHER_BOT, L2, "s-2", T0.plusSeconds(1), "MRN-1"));
        log.append(AuditEvents.statement(CI_BOT, L1, "s-1", T0.plusSeconds(2), "MRN-1"));
        log.append(AuditEvents.opened(L3, "s-3", T0.plusSeconds(3)));

        assertThat(seqs(AuditFilter.all().withLeaseId(L1))).containsExactly(1L, 3L);
        assertThat(seqs(AuditFilter.all().withSubject(OTHER_BOT.subject()))).containsExactly(2L);
        assertThat(seqs(AuditFilter.all().withPurpose("study-42"))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(seqs(AuditFilter.all().withPurpose("other"))).isEmpty();
        assertThat(seqs(AuditFilter.all().between(T0.plusSeconds(1), T0.plusSeconds(3)))).containsExactly(2L, 3L);
        assertThat(seqs(AuditFilter.all().withType(AuditEventType.STATEMENT))).containsExactly(2L, 3L);
        assertThat(seqs(AuditFilter.all().withLimit(2))).containsExactly(1L, 2L);
        assertThat(seqs(AuditFilter.all().withLimit(2).afterSeq(2))).containsExactly(3L, 4L);
        assertThat(seqs(AuditFilter.all().withType(AuditEventType.STATEMENT).withLeaseId(L2))).containsExactly(2L);
    }

    @Test
    void exportWritesOneLinkedJsonLinePerEvent() throws Exception {
        appendStory();
        StringWriter out = new StringWriter();
        assertThat(query.export(out)).isEqualTo(8);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(8);
        ObjectMapper json = new ObjectMapper();
        String previous = ChainHead.GENESIS_HASH;
        for (int i = 0; i < lines.length; i++) {
            JsonNode line = json.readTree(lines[i]);
            assertThat(line.get("seq").asLong()).isEqualTo(i + 1);
            assertThat(line.get("prev_hash").asText()).isEqualTo(previous);
            assertThat(line.get("event").isObject()).isTrue();
            previous = line.get("hash").asText();
        }
        JsonNode statement = json.readTree(lines[4]);
        assertThat(statement.get("type").asText()).isEqualTo("STATEMENT");
        assertThat(statement.get("time").asText()).isEqualTo(T0.plusSeconds(4).toString());
        assertThat(statement.get("event").get("identity").get("claims").get("run_id").asText()).isEqualTo("1234");
        assertThat(statement.get("record_keys").get("patients")).hasSize(2);
        assertThat(previous).isEqualTo(log.head().hash());
        assertThat(out.toString()).doesNotContain("MRN-0000001");
    }

    @Test
    void noRawRecordKeyIsStoredAnywhere() throws SQLException {
        List<String> raw = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            raw.add(String.format("MRN-%07d", 4242000 + i));
        }
        appendStory();
        log.append(AuditEvents.statement(CI_BOT, L1, "s-1", T0, raw.subList(0, 10).toArray(String[]::new)));
        log.appendAll(List.of(AuditEvents.statement(OTHER_BOT, L2, "s-2", T0,
                raw.subList(10, 20).toArray(String[]::new))));
        assertThat(query.whoAccessed("patients", raw.get(15))).extracting(RecordAccess::leaseId).containsExactly(L2);

        List<String> tables = new ArrayList<>();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                     + " WHERE table_schema = CURRENT_SCHEMA AND table_type = 'BASE TABLE'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        assertThat(tables).map(String::toLowerCase).contains("audit_events", "audit_record_keys", "leases");
        long cells = 0;
        for (String table : tables) {
            try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    for (int c = 1; c <= columns; c++) {
                        String value = rows.getString(c);
                        if (value == null) {
                            continue;
                        }
                        cells++;
                        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                        for (String key : raw) {
                            assertThat(indexOf(bytes, key.getBytes(StandardCharsets.UTF_8)))
                                    .as("raw key in %s", table).isEqualTo(-1);
                        }
                    }
                }
            }
        }
        assertThat(cells).isGreaterThan(100);
        scanStorage(raw);
    }

    /** Backends with a storage file scan it for the raw keys too. */
    protected void scanStorage(List<String> rawKeys) {
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private List<Long> seqs(AuditFilter filter) {
        List<Long> seqs = new ArrayList<>();
        query.search(filter, entry -> seqs.add(entry.seq()));
        return seqs;
    }

    /**
     * Recomputes the stored hash of one row from its (possibly tampered) columns, as an informed attacker would;
     * with {@code relink}, its prev_hash becomes the hash now stored for the row before it.
     */
    private void rehash(long seq, boolean relink) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT event_time, event_type, payload,"
                     + " record_keys_digest, prev_hash FROM audit_events WHERE seq = ?")) {
            select.setLong(1, seq);
            String prevHash;
            String hash;
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                prevHash = relink ? hashOf(connection, seq - 1) : rows.getString("prev_hash");
                hash = ChainHash.event(seq, AuditJdbc.instant(rows, "event_time"), rows.getString("event_type"),
                        rows.getString("payload"), prevHash, rows.getString("record_keys_digest"));
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?")) {
                update.setString(1, prevHash);
                update.setString(2, hash);
                update.setLong(3, seq);
                update.executeUpdate();
            }
        }
    }

    private static String hashOf(Connection connection, long seq) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT hash FROM audit_events WHERE seq = ?")) {
            select.setLong(1, seq);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }

    protected void sql(String... statements) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
