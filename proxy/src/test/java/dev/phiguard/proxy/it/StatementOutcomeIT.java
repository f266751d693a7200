package dev.phiguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.phiguard.policies.decision.PolicyEngine;
import dev.phiguard.policies.masking.MaskingKeys;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.PolicyLoader;
import dev.phiguard.policies.sql.AnalyzerSettings;
import dev.phiguard.policies.sql.CachingAnalyzer;
import dev.phiguard.policies.sql.SqlAnalyzer;
import dev.phiguard.policies.sql.StaticCatalog;
import dev.phiguard.proxy.enforce.PolicyEnforcement;
import dev.phiguard.proxy.port.Decision;
import dev.phiguard.proxy.port.RecordKeyHashing;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.port.SessionListener;
import dev.phiguard.proxy.port.StatementApprovals;
import dev.phiguard.proxy.port.StatementOutcome;
import dev.phiguard.sampledata.EmbeddedTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The proxy reports what each statement returned, under the study-42 policy with real pgjdbc: rows returned, values
 * masked, and exactly the keyed hashes of the MRNs of the rows returned (compared with hashing the MRNs read
 * directly from the database) — and no raw MRN anywhere in the outcomes.
 */
@ExtendWith(SharedDatabase.class)
class StatementOutcomeIT {
    private static final byte[] HASH_KEY = new byte[32];
    private static final RecordKeyHashing HASHING = StatementOutcomeIT::hmac;
    private static final ConcurrentLinkedQueue<StatementOutcome> outcomes = new ConcurrentLinkedQueue<>();
    private static ProxyHarness harness;
    /** What the listener answers to {@code room}: a pending stage stands for an audit log that is full. */
    private static volatile CompletionStage<Void> room = SessionListener.ROOM_NOW;

    /** A reviewer stand-in: approves held statements that read {@code state}, refuses the others. */
    private static final StatementApprovals REVIEWER = (session, statement, rule, reason) ->
            CompletableFuture.completedFuture(statement.text().contains("state") ? Decision.ALLOW
                    : Decision.deny("42501", "not for this study"));

    @BeforeAll
    static void start(EmbeddedTarget database) throws Exception {
        new SecureRandom().nextBytes(HASH_KEY);
        Policy policy = new PolicyLoader().load(Path.of("..", "policies", "examples", "study-42.yaml"));
        StaticCatalog catalog = StaticCatalog.builder()
                .table("public.patients", "patient_id", "mrn", "ssn", "first_name", "last_name", "date_of_birth",
                        "email", "phone", "street", "city", "state", "zip", "notes")
                .table("public.encounters", "encounter_id", "patient_id", "admitted_at", "discharged_at",
                        "diagnosis_code", "notes")
                .build();
        SqlAnalyzer analyzer = CachingAnalyzer.withDefaults(SqlAnalyzer.postgres(catalog, AnalyzerSettings.defaults()));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        PolicyEnforcement enforcement = new PolicyEnforcement(List.of(new PolicyEngine(policy, analyzer)),
                MaskingKeys.of(key), REVIEWER, Duration.ofSeconds(3), HASHING, 100_000);
        SessionListener listener = new SessionListener() {
            @Override
            public void statementCompleted(SessionInfo session, StatementOutcome outcome) {
                outcomes.add(outcome);
            }

            @Override
            public CompletionStage<Void> room(SessionInfo session) {
                return room;
            }

            @Override
            public void closed(SessionInfo session, SessionSummary summary) {
                enforcement.closed(session, summary);
            }
        };
        harness = ProxyHarness.start(database,
                ports -> ports.withGate(enforcement).withRows(enforcement).withListener(listener), config -> config);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @BeforeEach
    void clear() {
        outcomes.clear();
        room = SessionListener.ROOM_NOW;
    }

    static String hmac(String table, String rawValue) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HASH_KEY, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((table + "\0" + rawValue).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The MRNs of these patients, read directly from the database. */
    private static List<String> mrns(int fromId, int toId) throws SQLException {
        List<String> mrns = new ArrayList<>();
        try (Connection direct = harness.direct(); PreparedStatement s = direct.prepareStatement(
                "SELECT mrn FROM patients WHERE patient_id BETWEEN ? AND ? ORDER BY patient_id")) {
            s.setInt(1, fromId);
            s.setInt(2, toId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    mrns.add(rs.getString(1));
                }
            }
        }
        assertThat(mrns).hasSize(toId - fromId + 1);
        return mrns;
    }

    private static Map<String, Set<String>> hashed(List<String> mrns) {
        Set<String> hashes = new LinkedHashSet<>();
        mrns.forEach(mrn -> hashes.add(hmac("patients", mrn)));
        return Map.of("patients", hashes);
    }

    private static Properties mode(String mode) {
        Properties p = new Properties();
        p.setProperty("preferQueryMode", mode);
        return p;
    }

    private static int drain(ResultSet rs) throws SQLException {
        int rows = 0;
        while (rs.next()) {
            rows++;
        }
        return rows;
    }

    /** The outcomes of statements naming {@code marker}, once {@code count} of them arrived. */
    private static List<StatementOutcome> awaitOutcomes(String marker, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> matching(marker).size() >= count);
        List<StatementOutcome> found = matching(marker);
        assertThat(found).hasSize(count);
        return found;
    }

    private static List<StatementOutcome> matching(String marker) {
        return outcomes.stream().filter(o -> o.statement().contains(marker)).toList();
    }

    private static void assertNoRawMrn(List<String> mrns) {
        String all = outcomes.toString();
        for (String mrn : mrns) {
            assertThat(all).doesNotContain(mrn);
        }
    }

    @Test
    void simpleQueryReportsRowsMaskedValuesAndHashedKeys() throws Exception {
        List<String> mrns = mrns(1, 5);
        try (Connection c = harness.viaProxy(mode("simple")); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT patient_id, mrn, ssn, state FROM patients WHERE patient_id <= 5")) {
            assertThat(drain(rs)).isEqualTo(5);
        }
        StatementOutcome outcome = awaitOutcomes("FROM patients", 1).get(0);
        assertThat(outcome.statement()).isEqualTo("SELECT patient_id, mrn, ssn, state FROM patients WHERE patient_id <= ?");
        assertThat(outcome.verdict()).isEqualTo(StatementOutcome.Verdict.ALLOWED);
        assertThat(outcome.rowsReturned()).isEqualTo(5);
        assertThat(outcome.valuesMasked()).isEqualTo(10); // mrn and ssn of each row
        assertThat(outcome.recordKeys()).isEqualTo(hashed(mrns));
        assertThat(outcome.recordKeysTruncated()).isFalse();
        assertNoRawMrn(mrns);
    }

    @Test
    void aListenerWithoutRoomPausesTheSessionUntilItHasRoom() throws Exception {
        CompletableFuture<Void> full = new CompletableFuture<>();
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (Connection c = harness.viaProxy(mode("simple")); Statement s = c.createStatement();
             Connection other = harness.viaProxy(mode("simple")); Statement o = other.createStatement()) {
            room = full;
            try (ResultSet rs = s.executeQuery("SELECT mrn FROM patients WHERE patient_id = 1")) {
                assertThat(drain(rs)).as("the statement before the pause completes").isEqualTo(1);
            }
            Future<Integer> next = client.submit(() -> {
                try (ResultSet rs = s.executeQuery("SELECT state, mrn FROM patients WHERE patient_id = 2")) {
                    return drain(rs);
                }
            });
            room = SessionListener.ROOM_NOW;
            try (ResultSet rs = o.executeQuery("SELECT 1")) {
                assertThat(drain(rs)).as("another session is not paused").isEqualTo(1);
            }
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !next.isDone());
            assertThat(matching("state, mrn")).as("the paused client's statement was not even read").isEmpty();
            full.complete(null);
            assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            awaitOutcomes("state, mrn", 1);
        } finally {
            client.shutdownNow();
        }
    }

    @Test
    void preparedStatementExecutedTwiceReportsEachExecution() throws Exception {
        List<String> mrns = mrns(11, 12);
        try (Connection c = harness.viaProxy(mode("extended"));
             PreparedStatement s = c.prepareStatement("SELECT mrn, state FROM patients WHERE patient_id = ?")) {
            for (int id = 11; id <= 12; id++) {
                s.setInt(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(drain(rs)).isEqualTo(1);
                }
            }
        }
        List<StatementOutcome> found = awaitOutcomes("FROM patients", 2);
        for (int i = 0; i < 2; i++) {
            StatementOutcome outcome = found.get(i);
            assertThat(outcome.statement()).isEqualTo("SELECT mrn, state FROM patients WHERE patient_id = $1");
            assertThat(outcome.verdict()).isEqualTo(StatementOutcome.Verdict.ALLOWED);
            assertThat(outcome.rowsReturned()).isEqualTo(1);
            assertThat(outcome.valuesMasked()).isEqualTo(1);
            assertThat(outcome.recordKeys()).isEqualTo(hashed(List.of(mrns.get(i))));
        }
        assertNoRawMrn(mrns);
    }

    @Test
    void multiStatementQueryReportsEachStatement() throws Exception {
        List<String> mrns = mrns(21, 23);
        try (Connection c = harness.viaProxy(mode("simple")); Statement s = c.createStatement()) {
            s.execute("SELECT mrn FROM patients WHERE patient_id = 21; SELECT mrn, ssn FROM patients"
                    + " WHERE patient_id IN (22, 23) ORDER BY patient_id");
            do {
                try (ResultSet rs = s.getResultSet()) {
                    drain(rs);
                }
            } while (s.getMoreResults());
        }
        List<StatementOutcome> found = awaitOutcomes("FROM patients", 2);
        assertThat(found.get(0).statement()).isEqualTo("SELECT mrn FROM patients WHERE patient_id = ?");
        assertThat(found.get(0).rowsReturned()).isEqualTo(1);
        assertThat(found.get(0).valuesMasked()).isEqualTo(1);
        assertThat(found.get(0).recordKeys()).isEqualTo(hashed(mrns.subList(0, 1)));
        assertThat(found.get(1).statement())
                .isEqualTo("SELECT mrn, ssn FROM patients WHERE patient_id IN (?, ?) ORDER BY patient_id");
        assertThat(found.get(1).rowsReturned()).isEqualTo(2);
        assertThat(found.get(1).valuesMasked()).isEqualTo(4);
        assertThat(found.get(1).recordKeys()).isEqualTo(hashed(mrns.subList(1, 3)));
        assertNoRawMrn(mrns);
    }

    @Test
    void deniedStatementReportsTheDenialWithoutRows() throws Exception {
        try (Connection c = harness.viaProxy(mode("extended")); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM patients WHERE mrn = 'MRN12345678'"))
                    .isInstanceOf(SQLException.class);
        }
        StatementOutcome outcome = awaitOutcomes("DELETE", 1).get(0);
        assertThat(outcome.statement()).isEqualTo("DELETE FROM patients WHERE mrn = ?");
        assertThat(outcome.verdict()).isEqualTo(StatementOutcome.Verdict.DENIED);
        assertThat(outcome.rule()).isPresent();
        assertThat(outcome.sqlState()).contains("42501");
        assertThat(outcome.rowsReturned()).isZero();
        assertThat(outcome.recordKeys()).isEmpty();
        assertThat(outcomes.toString()).doesNotContain("MRN12345678");
    }

    @Test
    void cursorFetchesReportTheRowsOfEachFetch() throws Exception {
        List<String> mrns = mrns(31, 36);
        try (Connection c = harness.viaProxy(mode("simple")); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("DECLARE c CURSOR FOR SELECT patient_id, mrn FROM patients WHERE patient_id BETWEEN 31 AND 36"
                    + " ORDER BY patient_id");
            for (int i = 0; i < 2; i++) {
                try (ResultSet rs = s.executeQuery("FETCH 3 FROM c")) {
                    assertThat(drain(rs)).isEqualTo(3);
                }
            }
            c.rollback();
        }
        List<StatementOutcome> found = awaitOutcomes("FETCH", 2);
        for (int i = 0; i < 2; i++) {
            StatementOutcome outcome = found.get(i);
            assertThat(outcome.statement()).isEqualTo("FETCH ? FROM c");
            assertThat(outcome.rowsReturned()).isEqualTo(3);
            assertThat(outcome.valuesMasked()).isEqualTo(3);
            assertThat(outcome.recordKeys()).isEqualTo(hashed(mrns.subList(3 * i, 3 * i + 3)));
        }
        assertThat(awaitOutcomes("DECLARE", 1).get(0).rowsReturned()).isZero();
        assertNoRawMrn(mrns);
    }

    @Test
    void heldStatementsReportTheReviewersDecision() throws Exception {
        List<String> mrns = mrns(1, (int) SharedDatabase.PATIENTS);
        try (Connection c = harness.viaProxy(mode("simple")); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT mrn, state FROM patients")) {
                assertThat(drain(rs)).isEqualTo(SharedDatabase.PATIENTS);
            }
            assertThatThrownBy(() -> s.executeQuery("SELECT mrn FROM patients")).isInstanceOf(SQLException.class);
        }
        StatementOutcome approved = awaitOutcomes("SELECT mrn, state FROM patients", 1).get(0);
        assertThat(approved.verdict()).isEqualTo(StatementOutcome.Verdict.HELD_APPROVED);
        assertThat(approved.rule()).isPresent();
        assertThat(approved.rowsReturned()).isEqualTo(SharedDatabase.PATIENTS);
        assertThat(approved.valuesMasked()).isEqualTo(SharedDatabase.PATIENTS);
        assertThat(approved.recordKeys()).isEqualTo(hashed(mrns)); // every patient's MRN, hashed, none else

        StatementOutcome refused = awaitOutcomes("SELECT mrn FROM patients", 1).get(0);
        assertThat(refused.statement()).isEqualTo("SELECT mrn FROM patients");
        assertThat(refused.verdict()).isEqualTo(StatementOutcome.Verdict.HELD_DENIED);
        assertThat(refused.rule()).isEqualTo(approved.rule());
        assertThat(refused.rowsReturned()).isZero();
        assertNoRawMrn(mrns);
    }
}
