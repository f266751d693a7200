package dev.phiguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.policies.decision.PolicyEngine;
import dev.phiguard.policies.masking.DateShift;
import dev.phiguard.policies.masking.MaskingKeys;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.PolicyLoader;
import dev.phiguard.policies.sql.AnalyzerSettings;
import dev.phiguard.policies.sql.CachingAnalyzer;
import dev.phiguard.policies.sql.SqlAnalyzer;
import dev.phiguard.policies.sql.StaticCatalog;
import dev.phiguard.proxy.enforce.PolicyEnforcement;
import dev.phiguard.proxy.port.Decision;
import dev.phiguard.proxy.port.SessionGrant;
import dev.phiguard.proxy.port.StatementApprovals;
import dev.phiguard.sampledata.EmbeddedTarget;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.PGResultSetMetaData;

/**
 * The bypass families of invariant 1 that {@link PolicyEnforcementIT} does not cover, through the proxy with real
 * pgjdbc and psql: views, gathering and serialising functions, row constructors and whole-row field access, arrays,
 * scalar sub-queries, LATERAL, VALUES, recursive CTEs, INTERSECT/EXCEPT, SQL-level PREPARE/EXECUTE, binary cursors,
 * COPY of a whole table, psql, the binary result format of every masked column type, and the catalog queries of
 * client tools. Each comes back masked or suppressed, or is refused with 42501, exactly as the policy engine decides
 * ({@code DecisionCasesTest}).
 *
 * <p>Two leases: {@code lease-it} for purpose study-42 ({@code policies/examples/study-42.yaml}), and
 * {@code lease-open} for purpose study-42-open ({@code src/test/resources/policies/study-42-open.yaml}: study-42 plus
 * the view, the serialising functions and the catalog functions of psql and pgjdbc), so that what study-42 refuses
 * can be shown masked when it is allowed. The reviewer approves every held statement at once and remembers it.
 */
@ExtendWith(SharedDatabase.class)
class PolicyBypassIT {
    static final String OPEN_PURPOSE = "study-42-open";
    static final String OPEN_USER = "lease-open";
    static final String VIEW = "SELECT patient_id, first_name, last_name, phone, email FROM patients";
    static final String[] PATIENT_COLUMNS = {"patient_id", "mrn", "ssn", "first_name", "last_name", "date_of_birth",
        "email", "phone", "street", "city", "state", "zip", "notes"};

    /** The patient most single-row tests read. */
    static final int PATIENT = 7;

    private static ProxyHarness harness;
    private static MaskingKeys keys;
    private static String openPassword;
    /** The clear SSN of {@link #PATIENT}, read directly. */
    private static String ssn;
    private static final Set<String> held = ConcurrentHashMap.newKeySet();

    static final StatementApprovals APPROVE_EVERYTHING = (session, statement, rule, reason) -> {
        held.add(statement.text());
        return CompletableFuture.completedFuture(Decision.ALLOW);
    };

    @BeforeAll
    static void start(EmbeddedTarget database) throws Exception {
        try (Connection c = database.superuserConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE VIEW public.patient_contacts AS " + VIEW);
            s.execute("GRANT SELECT ON public.patient_contacts TO " + database.appUser());
        }
        PolicyLoader loader = new PolicyLoader();
        Policy study42 = loader.load(Path.of("..", "policies", "examples", "study-42.yaml"));
        Policy open = loader.load(Path.of("src", "test", "resources", "policies", OPEN_PURPOSE + ".yaml"));
        StaticCatalog.Builder catalog = StaticCatalog.builder()
                .table("public.patients", PATIENT_COLUMNS)
                .table("public.encounters", "encounter_id", "patient_id", "admitted_at", "discharged_at",
                        "diagnosis_code", "notes")
                .view("public.patient_contacts", VIEW, "patient_id", "first_name", "last_name", "phone", "email");
        try (Connection direct = DriverManager.getConnection(directUrl(database), database.appUser(),
                database.appPassword())) {
            addSystemRelations(direct, catalog);
            try (Statement s = direct.createStatement();
                 ResultSet rs = s.executeQuery("SELECT ssn FROM patients WHERE patient_id = " + PATIENT)) {
                rs.next();
                ssn = rs.getString(1);
            }
        }
        SqlAnalyzer analyzer = CachingAnalyzer.withDefaults(SqlAnalyzer.postgres(catalog.build(), AnalyzerSettings.defaults()));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        keys = MaskingKeys.of(key);
        PolicyEnforcement enforcement = new PolicyEnforcement(
                List.of(new PolicyEngine(study42, analyzer), new PolicyEngine(open, analyzer)),
                keys, APPROVE_EVERYTHING, Duration.ofSeconds(3));
        harness = ProxyHarness.start(database,
                ports -> ports.withGate(enforcement).withRows(enforcement).withListener(enforcement),
                config -> config);
        openPassword = ProxyHarness.randomPassword();
        harness.leases.add(OPEN_USER, new SessionGrant(OPEN_USER, OPEN_PURPOSE, ProxyHarness.TARGET),
                openPassword.toCharArray(), Instant.now().plus(1, ChronoUnit.HOURS), 64);
    }

    /**
     * The system catalog relations (tables and views of pg_catalog and information_schema) with their columns, so that
     * the analyser can resolve what psql and pgjdbc ask about the schema. Views are registered as tables: what the
     * engine judges is the relation itself (some are harmless, some never readable), not its definition.
     */
    private static void addSystemRelations(Connection direct, StaticCatalog.Builder catalog) throws SQLException {
        Map<String, List<String>> relations = new LinkedHashMap<>();
        try (Statement s = direct.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT n.nspname || '.' || c.relname, a.attname
                  FROM pg_catalog.pg_class c
                  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                 WHERE n.nspname IN ('pg_catalog', 'information_schema') AND c.relkind IN ('r', 'v')
                 ORDER BY 1, a.attnum""")) {
            while (rs.next()) {
                relations.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        relations.forEach((name, columns) -> catalog.table(name, columns.toArray(new String[0])));
    }

    @AfterAll
    static void stop(EmbeddedTarget database) throws SQLException {
        try {
            harness.close();
            ProxyHarness.assertNoSecretsLogged(openPassword);
        } finally {
            try (Connection c = database.superuserConnection(); Statement s = c.createStatement()) {
                s.execute("DROP VIEW IF EXISTS public.patient_contacts");
            }
        }
    }

    // ---- connections and helpers ----

    private static String directUrl(EmbeddedTarget database) {
        return "jdbc:postgresql://" + database.host() + ":" + database.port() + "/" + database.database()
                + "?sslmode=disable";
    }

    /** A connection of the study-42-open lease. */
    static Connection viaOpenLease(Properties extra) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", OPEN_USER);
        p.setProperty("password", openPassword);
        p.setProperty("sslmode", "disable");
        p.putAll(extra);
        return DriverManager.getConnection(harness.proxyUrl(), p);
    }

    static Connection viaOpenLease() throws SQLException {
        return viaOpenLease(new Properties());
    }

    static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    static List<List<String>> rows(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rows(rs);
        }
    }

    static List<List<String>> rows(ResultSet rs) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<String> row = new ArrayList<>(columns);
            for (int i = 1; i <= columns; i++) {
                row.add(rs.getString(i));
            }
            rows.add(row);
        }
        return rows;
    }

    static List<String> firstRow(Connection c, String sql) throws SQLException {
        List<List<String>> rows = rows(c, sql);
        assertThat(rows).as("rows of " + sql).isNotEmpty();
        return rows.get(0);
    }

    static String sqlState(Connection c, String sql) {
        try {
            rows(c, sql);
            return "no error";
        } catch (SQLException e) {
            return e.getSQLState() + ": " + e.getMessage();
        }
    }

    /** What a value of patient {@link #PATIENT}'s SSN must look like when it leaves the proxy. */
    enum Expect {
        /** the SSN's masking rule: only the last four digits */
        SSN_RULE,
        /** suppressed in a text column */
        STARS,
        /** suppressed in a column that is not text */
        NULL;

        void check(String value) {
            switch (this) {
                case SSN_RULE -> assertThat(value).isEqualTo("***-**-" + ssn.substring(7));
                case STARS -> assertThat(value).isEqualTo("***");
                case NULL -> assertThat(value).isNull();
            }
        }
    }

    // ---- views ----

    @Test
    void aViewThatThePolicyDoesNotListIsRefused() throws Exception {
        try (Connection c = harness.viaProxy()) {
            assertThat(sqlState(c, "SELECT * FROM patient_contacts WHERE patient_id = " + PATIENT))
                    .startsWith("42501").contains("access.tables").contains("patient_contacts");
            assertThat(sqlState(c, "SELECT email FROM patient_contacts WHERE patient_id = " + PATIENT))
                    .startsWith("42501");
            assertThat(firstRow(c, "SELECT 1")).containsExactly("1"); // the session goes on
        }
    }

    @Test
    void aListedViewIsMaskedByTheRulesOfTheColumnsBehindIt() throws Exception {
        try (Connection c = viaOpenLease(); Connection direct = harness.direct()) {
            String where = " WHERE patient_id = " + PATIENT;
            List<String> clear = firstRow(direct, "SELECT * FROM patient_contacts" + where);
            assertThat(firstRow(c, "SELECT * FROM patient_contacts" + where))
                    .containsExactly(String.valueOf(PATIENT), "***", "***", "***", "***");
            assertThat(clear.get(1)).isNotEqualTo("***");
            assertThat(firstRow(c, "SELECT c.email AS contact FROM patient_contacts c" + where)).containsExactly("***");
            assertThat(firstRow(c, "SELECT lower(email) FROM patient_contacts" + where)).containsExactly("***");
            assertThat(firstRow(c, "SELECT first_name || last_name FROM patient_contacts" + where))
                    .containsExactly("***");
            assertThat(firstRow(c, "SELECT row_to_json(c) FROM patient_contacts c" + where)).containsExactly((String) null);
            assertThat(firstRow(c, "SELECT row_to_json(c)::text FROM patient_contacts c" + where))
                    .containsExactly("***");

            StringWriter copied = new StringWriter();
            c.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY (SELECT * FROM patient_contacts" + where + ") TO STDOUT", copied);
            assertThat(copied.toString()).isEqualTo(PATIENT + "\t***\t***\t***\t***\n");
        }
    }

    // ---- what study-42 allows: masked by the column's rule, or suppressed ----

    static Stream<Arguments> allowedUnderStudy42() {
        String p = " FROM patients WHERE patient_id = " + PATIENT;
        String pp = " FROM patients p WHERE p.patient_id = " + PATIENT;
        return Stream.of(
                Arguments.of("SELECT row(ssn)::text" + p, Expect.STARS),
                Arguments.of("SELECT (ssn, state)::text AS r" + p, Expect.STARS),
                Arguments.of("SELECT (p).ssn" + pp, Expect.SSN_RULE),
                Arguments.of("SELECT (p).ssn AS s" + pp, Expect.SSN_RULE),
                Arguments.of("SELECT array[ssn]" + p, Expect.NULL),
                Arguments.of("SELECT array[ssn, mrn]::text" + p, Expect.STARS),
                Arguments.of("SELECT (array[ssn])[1]" + p, Expect.STARS),
                Arguments.of("SELECT (SELECT ssn" + p + ")", Expect.SSN_RULE),
                Arguments.of("SELECT (SELECT max(ssn)" + p + ") AS m", Expect.STARS),
                Arguments.of("SELECT (SELECT q.ssn FROM patients q WHERE q.patient_id = p.patient_id)" + pp,
                        Expect.SSN_RULE),
                Arguments.of("SELECT u.s FROM patients p, LATERAL (SELECT p.ssn AS s) u WHERE p.patient_id = " + PATIENT,
                        Expect.SSN_RULE),
                Arguments.of("SELECT u.s FROM patients p CROSS JOIN LATERAL (SELECT upper(p.ssn) AS s) u"
                        + " WHERE p.patient_id = " + PATIENT, Expect.STARS),
                Arguments.of("VALUES ((SELECT ssn" + p + "))", Expect.SSN_RULE),
                Arguments.of("SELECT v.s FROM patients p CROSS JOIN LATERAL (VALUES (p.ssn)) v(s)"
                        + " WHERE p.patient_id = " + PATIENT, Expect.SSN_RULE),
                Arguments.of("SELECT s FROM (VALUES ((SELECT ssn" + p + "), 1)) v(s, n)", Expect.SSN_RULE),
                Arguments.of("WITH RECURSIVE r(n, s) AS (SELECT 1, ssn" + p
                        + " UNION ALL SELECT n + 1, s FROM r WHERE n < 3) SELECT s FROM r", Expect.SSN_RULE),
                Arguments.of("WITH RECURSIVE r(n, s) AS (SELECT 1, ssn" + p
                        + " UNION ALL SELECT n + 1, s || '' FROM r WHERE n < 3) SELECT s FROM r", Expect.STARS),
                Arguments.of("SELECT ssn" + p + " INTERSECT SELECT ssn FROM patients WHERE patient_id < 100",
                        Expect.SSN_RULE),
                Arguments.of("SELECT ssn" + p + " EXCEPT SELECT 'x'", Expect.STARS),
                Arguments.of("SELECT ssn" + p + " EXCEPT SELECT mrn FROM patients WHERE patient_id = 8", Expect.STARS));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("allowedUnderStudy42")
    void protectedValuesComeBackMaskedOrSuppressed(String sql, Expect expected) throws Exception {
        for (String mode : List.of("simple", "extended")) {
            try (Connection c = harness.viaProxy(props("preferQueryMode", mode))) {
                List<List<String>> rows = rows(c, sql);
                assertThat(rows).as(mode).isNotEmpty();
                for (List<String> row : rows) {
                    expected.check(row.get(0));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "SELECT array_agg(ssn) FROM patients WHERE patient_id < 10",
        "SELECT array_to_string(array_agg(ssn), ',') FROM patients WHERE patient_id < 10",
        "SELECT json_agg(ssn) FROM patients WHERE patient_id < 10",
        "SELECT json_build_object('ssn', ssn) FROM patients WHERE patient_id = 7",
        "SELECT row_to_json(t) FROM (SELECT patient_id, ssn FROM patients WHERE patient_id = 7) t",
    })
    void gatheringAndSerialisingFunctionsAreRefusedUnderStudy42(String sql) throws Exception {
        try (Connection c = harness.viaProxy()) {
            assertThat(sqlState(c, sql)).startsWith("42501").contains("access.functions");
        }
    }

    static Stream<Arguments> allowedUnderStudy42Open() {
        String p = " FROM patients WHERE patient_id = " + PATIENT;
        return Stream.of(
                Arguments.of("SELECT array_agg(ssn)" + p, Expect.NULL),
                Arguments.of("SELECT array_agg(ssn)::text" + p, Expect.STARS),
                Arguments.of("SELECT array_to_string(array_agg(ssn), ',')" + p, Expect.STARS),
                Arguments.of("SELECT json_agg(ssn)" + p, Expect.NULL),
                Arguments.of("SELECT json_agg(ssn)::text" + p, Expect.STARS),
                Arguments.of("SELECT json_build_object('ssn', ssn)" + p, Expect.NULL),
                Arguments.of("SELECT json_build_object('ssn', ssn)::text" + p, Expect.STARS),
                Arguments.of("SELECT json_build_object('ssn', ssn) ->> 'ssn'" + p, Expect.STARS),
                Arguments.of("SELECT row_to_json(t)::text FROM (SELECT patient_id, ssn" + p + ") t", Expect.STARS),
                Arguments.of("SELECT row_to_json(row(ssn))::text" + p, Expect.STARS));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("allowedUnderStudy42Open")
    void gatheringAndSerialisingFunctionsAreSuppressedWhereAllowed(String sql, Expect expected) throws Exception {
        try (Connection c = viaOpenLease()) {
            expected.check(firstRow(c, sql).get(0));
        }
    }

    @Test
    void clearValuesStayClearThroughTheSameConstructs() throws Exception {
        try (Connection c = viaOpenLease(); Connection direct = harness.direct()) {
            for (String sql : List.of(
                    "SELECT array_agg(state ORDER BY patient_id)::text FROM patients WHERE patient_id < 10",
                    "SELECT json_build_object('id', patient_id, 'state', state)::text FROM patients WHERE patient_id = 7",
                    "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(id, s)",
                    "SELECT state FROM patients WHERE patient_id = 7 INTERSECT SELECT state FROM patients"
                            + " WHERE patient_id < 100")) {
                assertThat(rows(c, sql)).as(sql).isEqualTo(rows(direct, sql));
            }
        }
    }

    // ---- SQL-level PREPARE / EXECUTE ----

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void sqlPreparedStatementsKeepThePlanOfTheirQuery(String mode) throws Exception {
        try (Connection c = harness.viaProxy(props("preferQueryMode", mode)); Statement s = c.createStatement();
             Connection direct = harness.direct()) {
            String state = firstRow(direct, "SELECT state FROM patients WHERE patient_id = " + PATIENT).get(0);
            s.execute("PREPARE q(bigint) AS SELECT ssn, first_name, state, ssn || '' AS s2 FROM patients"
                    + " WHERE patient_id = $1");
            for (int i = 0; i < 3; i++) {
                assertThat(firstRow(c, "EXECUTE q(" + PATIENT + ")"))
                        .containsExactly("***-**-" + ssn.substring(7), "***", state, "***");
            }
            s.execute("DEALLOCATE q");
            assertThat(sqlState(c, "EXECUTE q(" + PATIENT + ")")).startsWith("42501").contains("session.prepared");
            assertThat(sqlState(c, "EXECUTE never_prepared")).startsWith("42501");
            assertThat(sqlState(c, "PREPARE w AS SELECT p FROM patients p WHERE patient_id = 1"))
                    .startsWith("42501").contains("masking.whole-row");
            assertThat(sqlState(c, "EXECUTE w")).startsWith("42501"); // a refused PREPARE prepares nothing
        }
    }

    // ---- cursors in binary ----

    @Test
    void aBinaryCursorIsMaskedInBinary() throws Exception {
        // state is char(2): pgjdbc cannot read a binary bpchar with getString, so it is read as text
        String declare = "DECLARE bc BINARY CURSOR FOR SELECT patient_id, ssn, date_of_birth, first_name,"
                + " state::text AS state FROM patients WHERE patient_id = " + PATIENT;
        try (Connection c = harness.viaProxy(props("preferQueryMode", "simple")); Statement s = c.createStatement();
             Connection direct = harness.direct()) {
            List<String> clear = firstRow(direct,
                    "SELECT patient_id, ssn, date_of_birth, first_name, state FROM patients WHERE patient_id = " + PATIENT);
            c.setAutoCommit(false);
            s.execute(declare);
            try (ResultSet rs = s.executeQuery("FETCH 1 FROM bc")) {
                PGResultSetMetaData meta = rs.getMetaData().unwrap(PGResultSetMetaData.class);
                assertThat(meta.getFormat(3)).as("date_of_birth arrives in binary").isEqualTo(1);
                assertThat(rows(rs)).containsExactly(List.of(clear.get(0), "***-**-" + ssn.substring(7),
                        clear.get(2).substring(0, 4) + "-01-01", "***", clear.get(4)));
            }
            s.execute("CLOSE bc");
            c.commit();
        }
    }

    @Test
    void aBinaryCursorOfEncountersIsShiftedLikeText() throws Exception {
        String query = "SELECT encounter_id, admitted_at, discharged_at FROM encounters WHERE patient_id = " + PATIENT
                + " ORDER BY encounter_id";
        try (Connection c = harness.viaProxy(props("preferQueryMode", "simple")); Statement s = c.createStatement()) {
            List<List<String>> text = rows(c, query);
            assertThat(text).isNotEmpty();
            c.setAutoCommit(false);
            s.execute("DECLARE ec BINARY CURSOR FOR " + query);
            try (ResultSet rs = s.executeQuery("FETCH ALL FROM ec")) {
                assertThat(rs.getMetaData().unwrap(PGResultSetMetaData.class).getFormat(2)).isEqualTo(1);
                assertThat(rows(rs)).isEqualTo(text);
            }
            c.commit();
        }
    }

    // ---- COPY of a whole table ----

    @Test
    void copyOfAWholeTableIsHeldThenMaskedColumnByColumn() throws Exception {
        String copy = "COPY patients TO STDOUT";
        StringWriter masked = new StringWriter();
        StringWriter clear = new StringWriter();
        held.remove(copy);
        try (Connection c = harness.viaProxy(); Connection direct = harness.direct()) {
            long rows = c.unwrap(PGConnection.class).getCopyAPI().copyOut(copy, masked);
            direct.unwrap(PGConnection.class).getCopyAPI().copyOut(copy, clear);
            assertThat(rows).isEqualTo(SharedDatabase.PATIENTS);
        }
        assertThat(held).as("no WHERE on patients: held for a reviewer").contains(copy);
        String[] maskedLines = masked.toString().split("\n");
        String[] clearLines = clear.toString().split("\n");
        assertThat(maskedLines).hasSameSizeAs(clearLines);
        int ssnsInNotes = 0;
        for (int i = 0; i < clearLines.length; i++) {
            String[] m = maskedLines[i].split("\t", -1);
            String[] o = clearLines[i].split("\t", -1);
            assertThat(m).hasSize(PATIENT_COLUMNS.length);
            assertThat(m[0]).isEqualTo(o[0]);                                  // patient_id
            assertThat(m[1]).matches("MRN\\d{8}").isNotEqualTo(o[1]);          // mrn: token
            assertThat(m[2]).isEqualTo("***-**-" + o[2].substring(7));         // ssn: last four
            for (int k : new int[] {3, 4, 6, 7, 8, 9, 11}) {                   // names, email, phone, street, city, zip
                assertThat(m[k]).as(PATIENT_COLUMNS[k]).isEqualTo("***");
            }
            assertThat(m[5]).isEqualTo(o[5].substring(0, 4) + "-01-01");       // date_of_birth: the year
            assertThat(m[10]).isEqualTo(o[10]);                                // state: clear
            assertThat(m[12]).doesNotContain(o[2]);                            // notes: scanned
            if (o[12].contains(o[2])) {
                ssnsInNotes++;
                assertThat(m[12]).contains("[SSN]");
            }
        }
        assertThat(ssnsInNotes).as("some notes quote the patient's SSN").isPositive();
    }

    // ---- psql ----

    record Result(int exitCode, String output) {}

    static Result psql(String user, String password, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose",
                "-h", "127.0.0.1", "-p", String.valueOf(harness.port()), "-U", user, "-d", harness.database.database()));
        command.addAll(List.of(args));
        return run(command, password);
    }

    static Result psqlDirect(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose",
                "-h", harness.database.host(), "-p", String.valueOf(harness.database.port()),
                "-U", harness.database.appUser(), "-d", harness.database.database()));
        command.addAll(List.of(args));
        return run(command, harness.database.appPassword());
    }

    /** Runs a client tool; the password travels in the environment, never in the arguments. */
    private static Result run(List<String> command, String password) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", password);
        pb.environment().put("PGSSLMODE", "disable");
        pb.environment().remove("PGOPTIONS");
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Result(process.exitValue(), output);
    }

    @Test
    void psqlShowsMaskedValues() throws Exception {
        String sql = "SELECT ssn, mrn, last_name, state FROM patients WHERE patient_id = " + PATIENT;
        Result direct = psqlDirect("-At", "-F", "|", "-c", sql);
        Result proxied = psql(ProxyHarness.USER, harness.password, "-At", "-F", "|", "-c", sql);
        assertThat(direct.exitCode()).as(direct.output()).isZero();
        assertThat(proxied.exitCode()).as(proxied.output()).isZero();
        String[] clear = direct.output().strip().split("\\|");
        String[] masked = proxied.output().strip().split("\\|");
        assertThat(masked).hasSize(4);
        assertThat(masked[0]).isEqualTo("***-**-" + clear[0].substring(7));
        assertThat(masked[1]).matches("MRN\\d{8}").isNotEqualTo(clear[1]);
        assertThat(masked[2]).isEqualTo("***");
        assertThat(masked[3]).isEqualTo(clear[3]);
        assertThat(proxied.output()).doesNotContain(clear[0]).doesNotContain(clear[1]).doesNotContain(clear[2]);
    }

    @Test
    void psqlPrintsTheDenialWithItsSqlState() throws Exception {
        Result result = psql(ProxyHarness.USER, harness.password,
                "-c", "DELETE FROM patients WHERE patient_id = " + PATIENT);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("ERROR:  42501: denied by the policy of purpose \"study-42\""
                + " (access.statements)");
        Result array = psql(ProxyHarness.USER, harness.password,
                "-c", "SELECT array_agg(ssn) FROM patients WHERE patient_id < 10");
        assertThat(array.exitCode()).isEqualTo(1);
        assertThat(array.output()).contains("ERROR:  42501:").contains("array_agg");
    }

    @Test
    void psqlDescribeIsRefusedUnderTheDefaultFunctions() throws Exception {
        Result result = psql(ProxyHarness.USER, harness.password, "-c", "\\d patients");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("ERROR:  42501:").contains("pg_table_is_visible");
    }

    @Test
    void psqlListsAndDescribesTablesWithTheRecommendedCatalogFunctions() throws Exception {
        Result list = psql(OPEN_USER, openPassword, "-c", "\\dt");
        assertThat(list.exitCode()).as(list.output()).isZero();
        assertThat(list.output()).isEqualTo(psqlDirect("-c", "\\dt").output());

        Result describe = psql(OPEN_USER, openPassword, "-c", "\\d patients");
        assertThat(describe.exitCode()).as(describe.output()).isZero();
        assertThat(describe.output()).contains(" ssn ").contains(" date_of_birth ").doesNotContain("ERROR");
    }

    @Test
    @Disabled("bug: the SQL analysis names a CASE column 'case' (OutputNames), but PostgreSQL names it after its ELSE"
            + " branch when that is a column, function or cast of a column (FigureColname): psql's relation query"
            + " 'CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::regtype::text END' is the column 'reloftype', so"
            + " the proxy finds the analysed names do not match, suppresses every column of the result, and psql gets"
            + " '***' as relkind: it prints '?' instead of 'Table \"public.patients\"' and no indexes or references")
    void psqlDescribeThroughTheProxyEqualsADirectConnection() throws Exception {
        Result describe = psql(OPEN_USER, openPassword, "-c", "\\d patients");
        assertThat(describe.exitCode()).as(describe.output()).isZero();
        assertThat(describe.output()).isEqualTo(psqlDirect("-c", "\\d patients").output());
    }

    // ---- pgjdbc metadata ----

    @Test
    void pgjdbcMetadataIsRefusedUnderTheDefaultFunctions() throws Exception {
        try (Connection c = harness.viaProxy()) {
            assertThatThrownBy(() -> rows(c.getMetaData().getColumns(null, "public", "patients", "%")))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42501");
        }
    }

    @Test
    void pgjdbcMetadataMatchesADirectConnectionWithTheRecommendedCatalogFunctions() throws Exception {
        try (Connection c = viaOpenLease(); Connection direct = harness.direct()) {
            DatabaseMetaData proxied = c.getMetaData();
            DatabaseMetaData clear = direct.getMetaData();
            assertThat(rows(proxied.getColumns(null, "public", "patients", "%")))
                    .hasSize(PATIENT_COLUMNS.length)
                    .isEqualTo(rows(clear.getColumns(null, "public", "patients", "%")));
            assertThat(rows(proxied.getTables(null, "public", "%", new String[] {"TABLE", "VIEW"})))
                    .isEqualTo(rows(clear.getTables(null, "public", "%", new String[] {"TABLE", "VIEW"})));
            assertThat(rows(proxied.getPrimaryKeys(null, "public", "patients")))
                    .isEqualTo(rows(clear.getPrimaryKeys(null, "public", "patients")));
        }
    }

    // ---- the binary result format ----

    @Test
    void everyMaskedColumnTypeIsMaskedInBinary() throws Exception {
        String sql = "SELECT p.patient_id, p.mrn, p.ssn, p.first_name, p.last_name, p.date_of_birth, p.email, p.phone,"
                + " p.street, p.city, p.state, p.zip, e.encounter_id, e.admitted_at, e.discharged_at,"
                + " extract(year FROM p.date_of_birth) AS birth_year, e.admitted_at + interval '1 day' AS next_day"
                + " FROM encounters e JOIN patients p ON p.patient_id = e.patient_id WHERE e.encounter_id = ?";
        // text (25) in binary too: every masked type then arrives in binary
        Properties binary = props("prepareThreshold", "1", "binaryTransfer", "true", "binaryTransferEnable", "25");
        try (Connection c = harness.viaProxy(binary); Connection again = harness.viaProxy(binary);
             Connection textual = harness.viaProxy(props("preferQueryMode", "simple"));
             Connection otherLease = viaOpenLease(binary);
             Connection direct = harness.direct()) {
            long encounter;
            try (Statement s = direct.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT encounter_id FROM encounters WHERE discharged_at IS NOT NULL ORDER BY encounter_id LIMIT 1")) {
                rs.next();
                encounter = rs.getLong(1);
            }
            Row clear = Row.read(direct, sql, encounter, false);
            Row first = Row.read(c, sql, encounter, true);
            Row second = Row.read(again, sql, encounter, true);
            Row text = Row.read(textual, sql, encounter, false);
            Row other = Row.read(otherLease, sql, encounter, true);

            assertThat(first.binaryColumns()).as("columns that arrived in binary")
                    .contains("patient_id", "mrn", "ssn", "first_name", "date_of_birth", "admitted_at", "discharged_at");
            Map<String, String> masked = first.values();
            Map<String, String> original = clear.values();
            assertThat(masked.get("patient_id")).isEqualTo(original.get("patient_id"));
            assertThat(masked.get("mrn")).matches("MRN\\d{8}").isNotEqualTo(original.get("mrn"));
            assertThat(masked.get("ssn")).isEqualTo("***-**-" + original.get("ssn").substring(7));
            for (String redacted : List.of("first_name", "last_name", "email", "phone", "street", "city", "zip")) {
                assertThat(masked.get(redacted)).as(redacted).isEqualTo("***");
            }
            assertThat(masked.get("date_of_birth")).isEqualTo(original.get("date_of_birth").substring(0, 4) + "-01-01");
            assertThat(masked.get("state")).isEqualTo(original.get("state"));
            assertThat(masked.get("encounter_id")).isEqualTo(String.valueOf(encounter));
            assertThat(masked.get("birth_year")).as("derived from a masked date: suppressed").isNull();
            assertThat(masked.get("next_day")).as("derived from a shifted timestamp: suppressed").isNull();

            // timestamps move by the lease's offset (never 0, at most 30 days), the same for both columns
            long shift = DateShift.derive(keys, ProxyHarness.LEASE, 30).days() * 86_400L;
            assertThat(shift).isNotZero();
            assertThat(ChronoUnit.SECONDS.between(clear.admitted(), first.admitted())).isEqualTo(shift);
            assertThat(ChronoUnit.SECONDS.between(clear.discharged(), first.discharged())).isEqualTo(shift);
            // the same lease gets the same values in another session, and in text format
            assertThat(second).isEqualTo(first);
            assertThat(text.values()).isEqualTo(first.values());
            assertThat(text.admitted()).isEqualTo(first.admitted());
            assertThat(text.discharged()).isEqualTo(first.discharged());
            // another lease gets its own offset, and the same tokens
            long otherShift = DateShift.derive(keys, OPEN_USER, 30).days() * 86_400L;
            assertThat(ChronoUnit.SECONDS.between(clear.admitted(), other.admitted())).isEqualTo(otherShift);
            assertThat(other.values()).isEqualTo(first.values());
        }
    }

    /** One row of {@link #everyMaskedColumnTypeIsMaskedInBinary}'s query, read as pgjdbc decodes it. */
    record Row(Map<String, String> values, OffsetDateTime admitted, OffsetDateTime discharged,
               List<String> binaryColumns) {

        static Row read(Connection c, String sql, long encounter, boolean prepared) throws SQLException {
            Row row = null;
            // past the prepare threshold: the statement is named and its results arrive in binary
            for (int run = 0; run < (prepared ? 3 : 1); run++) {
                if (prepared) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setLong(1, encounter);
                        try (ResultSet rs = ps.executeQuery()) {
                            row = of(rs);
                        }
                    }
                } else {
                    try (Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery(sql.replace("?", String.valueOf(encounter)))) {
                        row = of(rs);
                    }
                }
            }
            return row;
        }

        private static Row of(ResultSet rs) throws SQLException {
            assertThat(rs.next()).isTrue();
            PGResultSetMetaData pg = rs.getMetaData().unwrap(PGResultSetMetaData.class);
            Map<String, String> values = new LinkedHashMap<>();
            List<String> binary = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                String name = rs.getMetaData().getColumnLabel(i);
                if (pg.getFormat(i) == 1) {
                    binary.add(name);
                }
                if (!name.equals("admitted_at") && !name.equals("discharged_at")) {
                    values.put(name, rs.getString(i));
                }
            }
            Row row = new Row(values, rs.getObject("admitted_at", OffsetDateTime.class),
                    rs.getObject("discharged_at", OffsetDateTime.class), binary);
            assertThat(rs.next()).isFalse();
            return row;
        }
    }

    @Test
    void freeTextInsideABinaryArrayIsScannedByTheDetectors() throws Exception {
        // an array of text in binary format carries the text as it is: the detectors must see it too
        String find = "SELECT patient_id, ssn FROM patients WHERE position(ssn IN notes) > 0 ORDER BY patient_id LIMIT 1";
        try (Connection direct = harness.direct();
             Connection c = harness.viaProxy(props("prepareThreshold", "1", "binaryTransfer", "true",
                     "binaryTransferEnable", "1009"))) {
            List<String> patient = firstRow(direct, find);
            try (PreparedStatement ps = c.prepareStatement("SELECT array[notes] AS notes FROM patients"
                    + " WHERE patient_id = ?")) {
                for (int run = 0; run < 3; run++) {
                    ps.setLong(1, Long.parseLong(patient.get(0)));
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        java.sql.Array notes = rs.getArray(1);
                        String value = notes == null ? null : String.join(" ", (String[]) notes.getArray());
                        int format = rs.getMetaData().unwrap(PGResultSetMetaData.class).getFormat(1);
                        assertThat(value).as("run " + run + ", format " + format)
                                .satisfiesAnyOf(v -> assertThat(v).isNull(),
                                        v -> assertThat(v).doesNotContain(patient.get(1)));
                        if (run == 2) {
                            assertThat(format).as("the array arrives in binary").isEqualTo(1);
                        }
                    }
                }
            }
        }
    }
}
