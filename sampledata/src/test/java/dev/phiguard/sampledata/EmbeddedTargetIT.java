package dev.phiguard.sampledata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

/** One server for the whole class; the last test closes it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedTargetIT {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String INVALID_PASSWORD = "28P01";
    private static final String INVALID_AUTHORIZATION = "28000";

    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static EmbeddedTarget target;

    @BeforeAll
    static void start() {
        LOGS.start();
        rootLogger().addAppender(LOGS);
        target = EmbeddedTarget.builder().patients(2_000).seed(7).start();
    }

    @AfterAll
    static void stop() {
        rootLogger().detachAppender(LOGS);
        if (target != null) {
            target.close();
        }
    }

    @Test
    void describesItself() {
        assertThat(target.host()).isEqualTo("127.0.0.1");
        assertThat(target.port()).isBetween(1, 65_535);
        assertThat(target.database()).isEqualTo("clinic");
        assertThat(target.appUser()).isEqualTo("phiguard_app");
        assertThat(target.appJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + target.port() + "/clinic");
        assertThat(target.authMethod()).isEqualTo(AuthMethod.SCRAM_SHA_256);
        assertThat(target.tlsEnabled()).isFalse();
        assertThat(target.patientCount()).isEqualTo(2_000);
        assertThat(target.generator().seed()).isEqualTo(7);
        assertThat(target.appPassword()).hasSize(32).matches("[A-Za-z0-9_-]+");
        assertThat(target.startupTime()).isPositive();
    }

    @Test
    void appRoleReadsEveryLoadedRow() throws SQLException {
        long expectedEncounters = LongStream.rangeClosed(1, 2_000)
                .map(id -> target.generator().encounters(id).size()).sum();
        try (Connection app = appConnection(); Statement statement = app.createStatement()) {
            assertThat(count(statement, "SELECT count(*) FROM patients")).isEqualTo(2_000);
            assertThat(count(statement, "SELECT count(*) FROM encounters")).isEqualTo(expectedEncounters);
            assertThat(count(statement, "SELECT count(DISTINCT mrn) FROM patients")).isEqualTo(2_000);
        }
        assertThat(target.encounterCount()).isEqualTo(expectedEncounters);
    }

    @Test
    void storedRowsEqualGeneratedRowsIncludingEscapedCharactersAndNulls() throws SQLException {
        SyntheticPatients generator = target.generator();
        List<Long> ids = new ArrayList<>(List.of(1L, 2_000L));
        ids.add(firstIdWhoseNotes(generator, notes -> notes != null && notes.contains("\n")));
        ids.add(firstIdWhoseNotes(generator, notes -> notes != null && notes.contains("\t")));
        ids.add(firstIdWhoseNotes(generator, notes -> notes != null && notes.contains("\\")));
        ids.add(firstIdWhoseNotes(generator, notes -> notes == null));
        try (Connection app = appConnection();
             PreparedStatement select = app.prepareStatement("SELECT " + Patient.COLUMNS
                     + " FROM patients WHERE patient_id = ?")) {
            for (long id : ids) {
                select.setLong(1, id);
                try (ResultSet row = select.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    Patient stored = new Patient(row.getLong(1), row.getString(2), row.getString(3),
                            row.getString(4), row.getString(5), row.getObject(6, java.time.LocalDate.class),
                            row.getString(7), row.getString(8), row.getString(9), row.getString(10),
                            row.getString(11), row.getString(12), row.getString(13));
                    assertThat(stored.toCopyText()).isEqualTo(generator.patient(id).toCopyText());
                }
            }
        }
    }

    @Test
    void storedEncountersEqualGeneratedEncounters() throws SQLException {
        long patientId = LongStream.rangeClosed(1, 2_000)
                .filter(id -> target.generator().encounters(id).size() == SyntheticPatients.MAX_ENCOUNTERS_PER_PATIENT)
                .findFirst().orElseThrow();
        List<Encounter> stored = new ArrayList<>();
        try (Connection app = appConnection();
             PreparedStatement select = app.prepareStatement("SELECT " + Encounter.COLUMNS
                     + " FROM encounters WHERE patient_id = ? ORDER BY encounter_id")) {
            select.setLong(1, patientId);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    stored.add(new Encounter(row.getLong(1), row.getLong(2), instant(row, 3), instant(row, 4),
                            row.getString(5), row.getString(6)));
                }
            }
        }
        assertThat(stored).isEqualTo(target.generator().encounters(patientId));
    }

    @Test
    void textAndBinaryCopyEncodingsStoreIdenticalRows() throws SQLException, IOException {
        try (Connection superuser = target.superuserConnection(); Statement statement = superuser.createStatement()) {
            CopyManager copy = superuser.unwrap(PGConnection.class).getCopyAPI();
            statement.execute("CREATE TABLE scratch.patients_text (LIKE public.patients)");
            statement.execute("CREATE TABLE scratch.encounters_text (LIKE public.encounters)");
            try {
                copy.copyIn("COPY scratch.patients_text FROM STDIN (FORMAT text)",
                        target.generator().patientsCopyText(2_000));
                copy.copyIn("COPY scratch.encounters_text FROM STDIN (FORMAT text)",
                        target.generator().encountersCopyText(2_000));
                for (String table : List.of("patients", "encounters")) {
                    assertThat(count(statement, "SELECT count(*) FROM scratch." + table + "_text"))
                            .isEqualTo(count(statement, "SELECT count(*) FROM public." + table));
                    assertThat(count(statement, "SELECT count(*) FROM ("
                            + "(TABLE public." + table + " EXCEPT ALL TABLE scratch." + table + "_text) UNION ALL "
                            + "(TABLE scratch." + table + "_text EXCEPT ALL TABLE public." + table + ")) AS d"))
                            .as("rows that differ in %s", table).isZero();
                }
            } finally {
                statement.execute("DROP TABLE scratch.patients_text, scratch.encounters_text");
            }
        }
    }

    @Test
    void schemaCanBeDroppedAndCreatedEmpty() throws SQLException {
        try (Connection superuser = target.superuserConnection(); Statement statement = superuser.createStatement()) {
            superuser.setAutoCommit(false);
            try {
                SampleSchema.drop(superuser);
                assertThat(count(statement, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();
                SampleSchema.createEmpty(superuser);
                assertThat(count(statement, "SELECT count(*) FROM public.patients")).isZero();
                assertThat(count(statement, "SELECT count(*) FROM pg_constraint WHERE conrelid IN "
                        + "('public.patients'::regclass, 'public.encounters'::regclass) AND contype IN ('p', 'u', 'f')"))
                        .isEqualTo(4);
                assertThatThrownBy(() -> statement.execute("INSERT INTO public.encounters VALUES "
                        + "(1, 42, now(), NULL, 'I10', NULL)"))
                        .isInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23503"); // foreign key
            } finally {
                superuser.rollback();
            }
        }
        try (Connection app = appConnection(); Statement statement = app.createStatement()) {
            assertThat(count(statement, "SELECT count(*) FROM patients")).isEqualTo(2_000);
        }
    }

    @Test
    void loaderRefusesToLoadOverExistingTables() {
        SampleLoader loader = new SampleLoader(target.generator());
        assertThatThrownBy(() -> loader.load(target.superuserDataSource(), 10))
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42P07"); // duplicate_table
        // backends end shortly after their clients close
        await().atMost(Duration.ofSeconds(10)).until(() -> target.connectionsFrom("postgres") == 0);
    }

    @Test
    void appRoleCannotWriteTheSampleTables() throws SQLException {
        try (Connection app = appConnection(); Statement statement = app.createStatement()) {
            for (String sql : List.of(
                    "INSERT INTO patients (patient_id, mrn, ssn, first_name, last_name, date_of_birth, email, phone,"
                            + " street, city, state, zip) SELECT 999999, 'x', 'x', 'x', 'x', now(), 'x', 'x', 'x',"
                            + " 'x', 'NY', 'x'",
                    "UPDATE patients SET notes = 'x' WHERE patient_id = 1",
                    "DELETE FROM encounters WHERE patient_id = 1",
                    "TRUNCATE encounters",
                    "ALTER TABLE patients ADD COLUMN x int",
                    "CREATE INDEX ON patients (last_name)",
                    "CREATE TABLE public.mine (id int)",
                    "CREATE TEMPORARY TABLE mine (id int)",
                    "CREATE SCHEMA other")) {
                assertThatThrownBy(() -> statement.execute(sql)).as(sql)
                        .isInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE);
            }
        }
        try (Connection superuser = target.superuserConnection(); Statement statement = superuser.createStatement()) {
            assertThat(count(statement, "SELECT count(*) FROM patients WHERE notes = 'x'")).isZero();
        }
    }

    @Test
    void appRoleCanCreateAndFillTablesInScratch() throws SQLException, IOException {
        try (Connection app = appConnection(); Statement statement = app.createStatement()) {
            statement.execute("CREATE TABLE scratch.copy_target (id bigint PRIMARY KEY, note text)");
            try {
                long copied = app.unwrap(PGConnection.class).getCopyAPI().copyIn(
                        "COPY scratch.copy_target FROM STDIN", new StringReader("1\tone\\ttab\n2\t\\N\n"));
                statement.executeUpdate("INSERT INTO scratch.copy_target VALUES (3, 'three')");
                assertThat(copied).isEqualTo(2);
                assertThat(count(statement, "SELECT count(*) FROM scratch.copy_target")).isEqualTo(3);
                try (ResultSet row = statement.executeQuery("SELECT note FROM scratch.copy_target WHERE id = 1")) {
                    row.next();
                    assertThat(row.getString(1)).isEqualTo("one\ttab");
                }
            } finally {
                statement.execute("DROP TABLE scratch.copy_target");
            }
        }
    }

    @Test
    void rolesHaveExactlyTheIntendedPowers() throws SQLException {
        try (Connection superuser = target.superuserConnection(); Statement statement = superuser.createStatement()) {
            try (ResultSet role = statement.executeQuery("SELECT rolsuper, rolcreatedb, rolcreaterole, "
                    + "rolreplication, rolbypassrls FROM pg_roles WHERE rolname = 'phiguard_app'")) {
                assertThat(role.next()).isTrue();
                for (int column = 1; column <= 5; column++) {
                    assertThat(role.getBoolean(column)).as("attribute %d", column).isFalse();
                }
            }
            assertThat(string(statement, "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'scratch'"))
                    .isEqualTo("phiguard_app");
            assertThat(string(statement, "SELECT datdba::regrole::text FROM pg_database WHERE datname = 'clinic'"))
                    .isEqualTo("postgres");
            assertThat(count(statement, "SELECT count(*) FROM information_schema.role_table_grants "
                    + "WHERE grantee = 'phiguard_app' AND privilege_type <> 'SELECT'")).isZero();
        }
    }

    @Test
    void appRoleMayOnlyConnectToTheSampleDatabase() {
        assertThatThrownBy(() -> DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + target.port() + "/postgres", target.appUser(), target.appPassword()))
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(INVALID_AUTHORIZATION);
    }

    @Test
    void superuserNeedsItsPassword() {
        assertThatThrownBy(() -> DriverManager.getConnection(target.appJdbcUrl(), "postgres", "wrong"))
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(INVALID_PASSWORD);
        assertThatThrownBy(() -> DriverManager.getConnection(target.appJdbcUrl(), "nobody", "x"))
                .isInstanceOf(SQLException.class);
    }

    @ParameterizedTest
    @EnumSource(AuthMethod.class)
    void eachAuthMethodRunsItsOwnExchange(AuthMethod method) throws Exception {
        target.setAuthMethod(method);
        try {
            assertThat(target.authMethod()).isEqualTo(method);
            AuthenticationProbe.Request expected = switch (method) {
                case SCRAM_SHA_256 -> AuthenticationProbe.Request.SASL;
                case MD5 -> AuthenticationProbe.Request.MD5_PASSWORD;
                case PASSWORD -> AuthenticationProbe.Request.CLEARTEXT_PASSWORD;
                case TRUST -> AuthenticationProbe.Request.OK;
            };
            assertThat(AuthenticationProbe.firstRequest(target.host(), target.port(), target.appUser(),
                    target.database())).isEqualTo(expected);
            // the superuser keeps SCRAM whatever the application role uses
            assertThat(AuthenticationProbe.firstRequest(target.host(), target.port(), "postgres", "clinic"))
                    .isEqualTo(AuthenticationProbe.Request.SASL);

            try (Connection app = appConnection(); Statement statement = app.createStatement()) {
                assertThat(count(statement, "SELECT count(*) FROM patients")).isEqualTo(2_000);
            }
            if (method == AuthMethod.TRUST) {
                try (Connection anyPassword = connect(target.appUser(), "not-the-password")) {
                    assertThat(anyPassword.isValid(5)).isTrue();
                }
            } else {
                assertThatThrownBy(() -> connect(target.appUser(), "not-the-password"))
                        .isInstanceOf(SQLException.class)
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo(INVALID_PASSWORD);
            }
            try (Connection superuser = target.superuserConnection(); Statement statement = superuser.createStatement()) {
                String stored = string(statement, "SELECT rolpassword FROM pg_authid WHERE rolname = 'phiguard_app'");
                assertThat(stored).startsWith(method == AuthMethod.MD5 ? "md5" : "SCRAM-SHA-256$");
            }
        } finally {
            target.setAuthMethod(AuthMethod.SCRAM_SHA_256);
        }
    }

    @Test
    void countsConnectionsPerRole() throws SQLException {
        await().atMost(Duration.ofSeconds(10)).until(() -> target.connectionsFrom("phiguard_app") == 0);
        try (Connection first = appConnection(); Connection second = appConnection()) {
            assertThat(first.isValid(5) && second.isValid(5)).isTrue();
            assertThat(target.connectionsFrom("phiguard_app")).isEqualTo(2);
            assertThat(target.connectionsFrom("nobody")).isZero();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> target.connectionsFrom("phiguard_app") == 0);
    }

    @Test
    void startingOnABusyPortNamesThePort() throws IOException {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> EmbeddedTarget.builder().port(busy.getLocalPort()).start())
                    .isInstanceOf(EmbeddedTargetException.class)
                    .hasMessageContaining("port " + busy.getLocalPort())
                    .hasMessageContaining("in use");
        }
        assertThatThrownBy(() -> EmbeddedTarget.builder().port(target.port()).start())
                .isInstanceOf(EmbeddedTargetException.class)
                .hasMessageContaining("port " + target.port());
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void noSecretInToStringLogsFilesOrProcessArguments() throws IOException {
        String appPassword = target.appPassword();
        String superuserPassword = ((PGSimpleDataSource) target.superuserDataSource()).getPassword();
        assertThat(superuserPassword).hasSize(32).isNotEqualTo(appPassword);

        assertThat(target.toString()).doesNotContain(appPassword, superuserPassword);
        assertThat(LOGS.list).isNotEmpty();
        for (ILoggingEvent event : List.copyOf(LOGS.list)) {
            String text = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertThat(text).doesNotContain(appPassword, superuserPassword);
        }
        try (Stream<Path> files = Files.walk(target.dataDirectory())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain(appPassword, superuserPassword);
            }
        }
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String arguments;
                try {
                    arguments = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
                } catch (IOException vanished) {
                    continue;
                }
                assertThat(arguments).as(process.toString()).doesNotContain(appPassword, superuserPassword);
            }
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void closeStopsTheServerAndDeletesTheTemporaryDirectory() {
        Path dataDirectory = target.dataDirectory();
        assertThat(dataDirectory).isDirectory();

        target.close();
        target.close(); // idempotent

        assertThat(dataDirectory).doesNotExist();
        assertThat(target.toString()).contains("closed");
        assertThatIllegalStateException().isThrownBy(() -> target.connectionsFrom("phiguard_app"));
        assertThatThrownBy(() -> DriverManager.getConnection(target.appJdbcUrl(), target.appUser(), "x"))
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
    }

    private static Connection appConnection() throws SQLException {
        return connect(target.appUser(), target.appPassword());
    }

    private static Connection connect(String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("sslmode", "disable");
        return DriverManager.getConnection(target.appJdbcUrl(), properties);
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String string(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        java.time.OffsetDateTime value = row.getObject(column, java.time.OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static long firstIdWhoseNotes(SyntheticPatients generator, Predicate<String> condition) {
        return LongStream.rangeClosed(1, 2_000).filter(id -> condition.test(generator.patient(id).notes()))
                .findFirst().orElseThrow(() -> new AssertionError("no such patient among the first 2000"));
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
