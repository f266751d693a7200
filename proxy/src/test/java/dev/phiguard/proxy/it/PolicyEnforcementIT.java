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
import dev.phiguard.proxy.port.StatementApprovals;
import dev.phiguard.sampledata.EmbeddedTarget;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The study-42 example policy enforced through the proxy with real pgjdbc: protected columns come back
 * masked however they are selected, writes are denied, free text is scanned, held statements wait.
 */
@ExtendWith(SharedDatabase.class)
class PolicyEnforcementIT {
    private static ProxyHarness harness;
    private static final Map<String, CompletableFuture<Decision>> held = new ConcurrentHashMap<>();

    /** A reviewer stand-in: held statements wait here until a test completes them. */
    static final StatementApprovals REVIEWER = (session, statement, rule, reason) -> {
        CompletableFuture<Decision> decision = new CompletableFuture<>();
        held.put(statement.text(), decision);
        return decision;
    };

    @BeforeAll
    static void start(EmbeddedTarget database) throws Exception {
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
                MaskingKeys.of(key), REVIEWER, Duration.ofSeconds(3));
        harness = ProxyHarness.start(database,
                ports -> ports.withGate(enforcement).withRows(enforcement).withListener(enforcement),
                config -> config);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static List<String> firstRow(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as("a row for " + sql).isTrue();
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getString(i));
            }
            return row;
        }
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended", "extendedCacheEverything"})
    void protectedColumnsComeBackMasked(String mode) throws Exception {
        Properties p = new Properties();
        p.setProperty("preferQueryMode", mode);
        String sql = "SELECT patient_id, mrn, ssn, first_name, last_name, date_of_birth, state FROM patients"
                + " WHERE patient_id = 7";
        try (Connection proxied = harness.viaProxy(p); Connection direct = harness.direct()) {
            List<String> clear = firstRow(direct, sql);
            for (int run = 0; run < 7; run++) { // past the prepare threshold too
                List<String> masked = firstRow(proxied, sql);
                assertThat(masked.get(0)).isEqualTo(clear.get(0));                       // patient_id: clear
                assertThat(masked.get(1)).matches("MRN\\d{8}").isNotEqualTo(clear.get(1)); // tokenized, same shape
                assertThat(masked.get(2)).isEqualTo("***-**-" + clear.get(2).substring(7)); // keeps the last 4
                assertThat(masked.get(3)).isEqualTo("***");
                assertThat(masked.get(4)).isEqualTo("***");
                assertThat(masked.get(5)).isEqualTo(clear.get(5).substring(0, 4) + "-01-01"); // year only
                assertThat(masked.get(6)).isEqualTo(clear.get(6));                       // state: clear
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "SELECT ssn AS x FROM patients WHERE patient_id = 7",
        "SELECT p.ssn FROM patients p WHERE p.patient_id = 7",
        "SELECT s FROM (SELECT ssn AS s FROM patients WHERE patient_id = 7) t",
        "WITH c AS (SELECT ssn, patient_id FROM patients WHERE patient_id < 100) SELECT ssn FROM c WHERE patient_id = 7",
        "SELECT ssn FROM patients WHERE patient_id = 7 UNION ALL SELECT ssn FROM patients WHERE patient_id = 7",
    })
    void directReferencesAreMaskedThroughAliasesSubqueriesCtesAndUnions(String sql) throws Exception {
        try (Connection c = harness.viaProxy(); Connection direct = harness.direct()) {
            String ssn = firstRow(direct, "SELECT ssn FROM patients WHERE patient_id = 7").get(0);
            assertThat(firstRow(c, sql).get(0)).isEqualTo("***-**-" + ssn.substring(7));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "SELECT ssn::text FROM patients WHERE patient_id = 7",
        "SELECT upper(first_name) FROM patients WHERE patient_id = 7",
        "SELECT first_name || ' ' || last_name FROM patients WHERE patient_id = 7",
        "SELECT substr(ssn, 1, 3) FROM patients WHERE patient_id = 7",
        "SELECT CASE WHEN patient_id > 0 THEN ssn END FROM patients WHERE patient_id = 7",
        "SELECT string_agg(ssn, ',') FROM patients WHERE patient_id < 10",
        "SELECT max(last_name) FROM patients WHERE patient_id < 10",
        "SELECT max(ssn) OVER (PARTITION BY state) FROM patients WHERE patient_id < 10",
        "SELECT (SELECT ssn FROM patients q WHERE q.patient_id = p.patient_id) || '' FROM patients p WHERE patient_id = 7",
    })
    void derivedValuesOfProtectedColumnsAreSuppressed(String sql) throws Exception {
        try (Connection c = harness.viaProxy()) {
            assertThat(firstRow(c, sql).get(0)).isEqualTo("***");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "SELECT row_to_json(p) FROM patients p WHERE patient_id = 7",
        "SELECT to_jsonb(p) FROM patients p WHERE patient_id = 7",
        "SELECT p::text FROM patients p WHERE patient_id = 7",
        "SELECT query_to_xml('select ssn from patients', true, true, '')",
        "SELECT pg_read_file('/etc/passwd')",
        "SELECT * FROM pg_stats WHERE tablename = 'patients'",
        "INSERT INTO scratch.t VALUES (1)",
        "UPDATE patients SET ssn = '000-00-0000' WHERE patient_id = 7",
        "DELETE FROM patients WHERE patient_id = 7",
        "CREATE TABLE scratch.copy_of AS SELECT * FROM patients",
        "DROP TABLE patients",
        "SET search_path = scratch, public",
    })
    void bypassesWritesAndDdlAreDenied(String sql) throws Exception {
        try (Connection c = harness.viaProxy()) {
            assertThatThrownBy(() -> firstRow(c, sql))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42501");
            assertThat(firstRow(c, "SELECT 1").get(0)).isEqualTo("1"); // the session goes on
        }
    }

    @Test
    void serverErrorsDoNotQuoteProtectedValues() throws Exception {
        try (Connection c = harness.viaProxy(); Connection direct = harness.direct()) {
            String ssn = firstRow(direct, "SELECT ssn FROM patients WHERE patient_id = 7").get(0);
            String lastName = firstRow(direct, "SELECT last_name FROM patients WHERE patient_id = 7").get(0);
            for (String sql : List.of("SELECT ssn::int FROM patients WHERE patient_id = 7",
                    "SELECT last_name::date FROM patients WHERE patient_id = 7")) {
                assertThatThrownBy(() -> firstRow(c, sql))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("invalid input syntax")
                        .hasMessageNotContaining(ssn)
                        .hasMessageNotContaining(lastName)
                        .extracting(e -> ((SQLException) e).getSQLState()).isIn("22P02", "22007", "22008");
            }
        }
    }

    @Test
    void anSsnInsideFreeTextIsCaughtByTheDetector() throws Exception {
        try (Connection c = harness.viaProxy(); Connection direct = harness.direct()) {
            List<String> withSsn = firstRow(direct,
                    "SELECT patient_id, ssn, notes FROM patients WHERE position(ssn IN notes) > 0 ORDER BY patient_id LIMIT 1");
            String notes = firstRow(c, "SELECT notes FROM patients WHERE patient_id = " + withSsn.get(0)).get(0);
            assertThat(notes).doesNotContain(withSsn.get(1)).contains("[SSN]");
        }
    }

    @Test
    void aPreparedStatementInBinaryFormatIsMaskedToo() throws Exception {
        Properties p = new Properties();
        p.setProperty("prepareThreshold", "1");
        p.setProperty("binaryTransfer", "true");
        try (Connection c = harness.viaProxy(p); Connection direct = harness.direct();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT date_of_birth, patient_id, ssn FROM patients WHERE patient_id = ?")) {
            String dob = firstRow(direct, "SELECT date_of_birth FROM patients WHERE patient_id = 9").get(0);
            for (int i = 0; i < 3; i++) {
                ps.setLong(1, 9);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(dob.substring(0, 4) + "-01-01");
                    assertThat(rs.getLong(2)).isEqualTo(9);
                    assertThat(rs.getString(3)).startsWith("***-**-");
                }
            }
        }
    }

    @Test
    void copyOutIsMaskedLikeRows() throws Exception {
        String copy = "COPY (SELECT patient_id, ssn, first_name, state, notes FROM patients WHERE patient_id <= 300"
                + " ORDER BY patient_id) TO STDOUT";
        java.io.StringWriter masked = new java.io.StringWriter();
        java.io.StringWriter clear = new java.io.StringWriter();
        try (Connection c = harness.viaProxy(); Connection direct = harness.direct()) {
            long rows = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut(copy, masked);
            direct.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut(copy, clear);
            assertThat(rows).isEqualTo(300);
        }
        String[] maskedLines = masked.toString().split("\n");
        String[] clearLines = clear.toString().split("\n");
        assertThat(maskedLines).hasSameSizeAs(clearLines);
        for (int i = 0; i < clearLines.length; i++) {
            String[] m = maskedLines[i].split("\t", -1);
            String[] o = clearLines[i].split("\t", -1);
            assertThat(m[0]).isEqualTo(o[0]);
            assertThat(m[1]).isEqualTo("***-**-" + o[1].substring(7));
            assertThat(m[2]).isEqualTo("***");
            assertThat(m[3]).isEqualTo(o[3]);
            assertThat(m[4]).doesNotContain(o[1]); // an SSN in the notes is caught by the detector
        }
        assertThat(masked.toString()).contains("[SSN]");
    }

    @Test
    void copyOutAsCsvIsRefusedRatherThanPassedThrough() throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        try (Connection c = harness.viaProxy()) {
            assertThatThrownBy(() -> c.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                    .copyOut("COPY (SELECT ssn FROM patients WHERE patient_id < 5) TO STDOUT WITH (FORMAT csv)", out))
                    .isInstanceOf(SQLException.class);
            assertThat(c.isValid(2)).isFalse(); // the proxy ended the session (FATAL: this COPY cannot be masked)
        }
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void cursorsKeepTheirPlan() throws Exception {
        try (Connection c = harness.viaProxy(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("DECLARE cur CURSOR FOR SELECT first_name, state FROM patients WHERE patient_id < 20");
            List<String> row = firstRow(c, "FETCH 1 FROM cur");
            assertThat(row.get(0)).isEqualTo("***");
            s.execute("CLOSE cur");
            c.commit();
        }
    }

    @Test
    void aHeldStatementWaitsAndRunsWhenApproved() throws Exception {
        String sql = "SELECT patient_id, ssn FROM patients";
        try (Connection c = harness.viaProxy()) {
            CompletableFuture<Integer> rows = CompletableFuture.supplyAsync(() -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    int n = 0;
                    while (rs.next()) {
                        assertThat(rs.getString(2)).startsWith("***-**-");
                        n++;
                    }
                    return n;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> held.containsKey(sql));
            assertThat(rows).isNotDone();
            held.remove(sql).complete(Decision.ALLOW);
            assertThat(rows.get(30, TimeUnit.SECONDS)).isEqualTo((int) SharedDatabase.PATIENTS);
        }
    }

    @Test
    void aHeldStatementFailsCleanlyWhenDeniedOrTimedOut() throws Exception {
        String sql = "SELECT patient_id FROM patients";
        try (Connection c = harness.viaProxy()) {
            CompletableFuture<String> denied = CompletableFuture.supplyAsync(() -> stateOf(c, sql));
            await().atMost(Duration.ofSeconds(10)).until(() -> held.containsKey(sql));
            held.remove(sql).complete(Decision.deny("42501", "not for this study"));
            assertThat(denied.get(10, TimeUnit.SECONDS)).isEqualTo("42501: not for this study");

            String timedOut = stateOf(c, sql); // nobody answers: the 3 s approval timeout refuses it
            held.remove(sql);
            assertThat(timedOut).startsWith("42501").contains("timed out");
            assertThat(firstRow(c, "SELECT 1").get(0)).isEqualTo("1");
        }
    }

    private static String stateOf(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return "ok";
        } catch (SQLException e) {
            return e.getSQLState() + ": " + ((org.postgresql.util.PSQLException) e).getServerErrorMessage().getMessage();
        }
    }
}
