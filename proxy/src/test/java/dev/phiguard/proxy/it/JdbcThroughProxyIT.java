package dev.phiguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.phiguard.sampledata.EmbeddedTarget;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;

/** pgjdbc through the proxy gives exactly what it gives on a direct connection. */
@ExtendWith(SharedDatabase.class)
class JdbcThroughProxyIT {
    private static ProxyHarness harness;

    @BeforeAll
    static void start(EmbeddedTarget database) {
        harness = ProxyHarness.start(database);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return collect(rs);
        }
    }

    static List<List<Object>> collect(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<List<Object>> out = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.add(rs.getObject(i));
            }
            out.add(row);
        }
        return out;
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended", "extendedForPrepared", "extendedCacheEverything"})
    void queriesReturnWhatTheServerReturns(String mode) throws Exception {
        Properties p = new Properties();
        p.setProperty("preferQueryMode", mode);
        String sql = "SELECT * FROM patients ORDER BY patient_id";
        try (Connection proxied = harness.viaProxy(p); Connection direct = harness.direct(p)) {
            List<List<Object>> expected = rows(direct, sql);
            assertThat(expected).hasSize((int) SharedDatabase.PATIENTS);
            assertThat(rows(proxied, sql)).isEqualTo(expected);
            String join = "SELECT p.mrn, count(e.*), min(e.admitted_at) FROM patients p JOIN encounters e USING (patient_id)"
                    + " GROUP BY p.mrn ORDER BY p.mrn";
            assertThat(rows(proxied, join)).isEqualTo(rows(direct, join));
        }
    }

    @Test
    void serverSidePreparedStatementsPastThePrepareThreshold() throws Exception {
        String sql = "SELECT patient_id, ssn, date_of_birth, notes FROM patients WHERE patient_id = ?";
        try (Connection proxied = harness.viaProxy(); Connection direct = harness.direct();
             PreparedStatement viaProxy = proxied.prepareStatement(sql);
             PreparedStatement viaDirect = direct.prepareStatement(sql)) {
            for (int id = 1; id <= 20; id++) {
                viaProxy.setLong(1, id);
                viaDirect.setLong(1, id);
                try (ResultSet a = viaProxy.executeQuery(); ResultSet b = viaDirect.executeQuery()) {
                    assertThat(collect(a)).isEqualTo(collect(b)).hasSize(1);
                }
            }
            // pgjdbc switched to a named server-side statement after prepareThreshold (5) executions
            assertThat(rows(proxied, "SELECT count(*) FROM pg_prepared_statements WHERE NOT from_sql").get(0).get(0))
                    .isEqualTo(1L);
        }
    }

    @Test
    void batchesTransactionsAndErrorsInsideThem() throws Exception {
        try (Connection c = harness.viaProxy(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS scratch.batch_it");
            s.execute("CREATE TABLE scratch.batch_it (id int primary key, label text)");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO scratch.batch_it VALUES (?, ?)")) {
                for (int i = 0; i < 500; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "row " + i);
                    insert.addBatch();
                }
                assertThat(insert.executeBatch()).hasSize(500).containsOnly(1);
            }
            c.commit();
            assertThat(rows(c, "SELECT count(*) FROM scratch.batch_it").get(0).get(0)).isEqualTo(500L);

            s.execute("INSERT INTO scratch.batch_it VALUES (1000, 'in a transaction')");
            assertThatThrownBy(() -> s.execute("INSERT INTO scratch.batch_it VALUES (1, 'duplicate')"))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("23505");
            assertThatThrownBy(() -> s.execute("SELECT 1"))
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25P02");
            c.rollback();
            c.setAutoCommit(true);
            assertThat(rows(c, "SELECT count(*) FROM scratch.batch_it").get(0).get(0)).isEqualTo(500L);
        }
    }

    @Test
    void copyOutAndCopyIn() throws Exception {
        String copyOut = "COPY (SELECT * FROM patients ORDER BY patient_id) TO STDOUT";
        StringWriter viaProxy = new StringWriter();
        StringWriter viaDirect = new StringWriter();
        try (Connection proxied = harness.viaProxy(); Connection direct = harness.direct()) {
            long proxiedRows = proxied.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOut, viaProxy);
            direct.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOut, viaDirect);
            assertThat(proxiedRows).isEqualTo(SharedDatabase.PATIENTS);
            assertThat(viaProxy.toString()).isEqualTo(viaDirect.toString());

            try (Statement s = proxied.createStatement()) {
                s.execute("DROP TABLE IF EXISTS scratch.copy_it");
                s.execute("CREATE TABLE scratch.copy_it (LIKE public.patients)");
            }
            CopyManager copy = proxied.unwrap(PGConnection.class).getCopyAPI();
            long loaded = copy.copyIn("COPY scratch.copy_it FROM STDIN", new StringReader(viaProxy.toString()));
            assertThat(loaded).isEqualTo(SharedDatabase.PATIENTS);
            assertThat(rows(direct, "SELECT * FROM scratch.copy_it ORDER BY patient_id"))
                    .isEqualTo(rows(direct, "SELECT * FROM patients ORDER BY patient_id"));
        }
    }

    @Test
    void cursorsWithFetchSize() throws Exception {
        try (Connection proxied = harness.viaProxy(); Connection direct = harness.direct()) {
            proxied.setAutoCommit(false);
            try (PreparedStatement s = proxied.prepareStatement("SELECT * FROM encounters ORDER BY encounter_id")) {
                s.setFetchSize(37);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(collect(rs)).isEqualTo(rows(direct, "SELECT * FROM encounters ORDER BY encounter_id"));
                }
            }
            try (Statement s = proxied.createStatement()) {
                s.execute("DECLARE c CURSOR FOR SELECT patient_id FROM patients ORDER BY patient_id");
                assertThat(rows(proxied, "FETCH 5 FROM c")).extracting(r -> r.get(0)).containsExactly(1L, 2L, 3L, 4L, 5L);
                s.execute("CLOSE c");
            }
            proxied.commit();
        }
    }

    @Test
    void listenNotify() throws Exception {
        try (Connection listener = harness.viaProxy(); Connection notifier = harness.viaProxy()) {
            try (Statement s = listener.createStatement()) {
                s.execute("LISTEN phiguard_it");
            }
            try (Statement s = notifier.createStatement()) {
                s.execute("NOTIFY phiguard_it, 'hello through the proxy'");
            }
            PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);
            assertThat(notifications).hasSize(1);
            assertThat(notifications[0].getName()).isEqualTo("phiguard_it");
            assertThat(notifications[0].getParameter()).isEqualTo("hello through the proxy");
        }
    }

    @Test
    void statementCancelReachesTheServer() throws Exception {
        try (Connection c = harness.viaProxy(); Statement s = c.createStatement()) {
            CompletableFuture<SQLException> running = CompletableFuture.supplyAsync(() -> {
                try {
                    s.execute("SELECT pg_sleep(60)");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> sleepingBackends() == 1);
            s.cancel();
            SQLException error = running.get(10, TimeUnit.SECONDS);
            assertThat((Throwable) error).isNotNull();
            assertThat(error.getSQLState()).isEqualTo("57014");
            assertThat(rows(c, "SELECT 1").get(0).get(0)).isEqualTo(1);
        }
    }

    static long sleepingBackends() throws SQLException {
        return sleepingBackendsOf(harness);
    }

    static long sleepingBackendsOf(ProxyHarness harness) throws SQLException {
        try (Connection c = harness.database.superuserConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'"
                     + " AND state = 'active' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void serverErrorsKeepTheirFieldsAndTheSessionGoesOn() throws Exception {
        try (Connection c = harness.viaProxy(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("SELECT * FROM no_such_table"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no_such_table")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42P01");
            assertThat(rows(c, "SELECT count(*) FROM patients").get(0).get(0)).isEqualTo(SharedDatabase.PATIENTS);
        }
    }
}
