package dev.phiguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.phiguard.proxy.port.Decision;
import dev.phiguard.proxy.port.RecordingSink;
import dev.phiguard.proxy.port.RowPlan;
import dev.phiguard.proxy.port.RowPlanner;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.port.SessionListener;
import dev.phiguard.proxy.port.Statement;
import dev.phiguard.proxy.port.StatementGate;
import dev.phiguard.proxy.wire.DataRow;
import dev.phiguard.proxy.wire.RowDescription;
import dev.phiguard.sampledata.EmbeddedTarget;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seams later issues plug into — statement decisions, row rewriting, recording, session events —
 * exercised through the proxy with real pgjdbc and PostgreSQL.
 */
@ExtendWith(SharedDatabase.class)
class SeamsIT {
    private static ProxyHarness harness;
    private static final List<String> decided = new CopyOnWriteArrayList<>();
    private static final Map<String, CompletableFuture<Decision>> held = new ConcurrentHashMap<>();
    private static final List<String> events = new CopyOnWriteArrayList<>();
    private static final AtomicInteger recordedToServer = new AtomicInteger();
    private static final AtomicInteger recordedRows = new AtomicInteger();
    private static final AtomicInteger recordingsClosed = new AtomicInteger();

    /** Denies statements mentioning "forbidden_marker", holds those mentioning "hold_marker". */
    static final StatementGate GATE = (session, statement) -> {
        decided.add(statement.text());
        if (statement.text().contains("forbidden_marker")) {
            return Decision.deny("42501", "statement denied by the test policy");
        }
        if (statement.text().contains("hold_marker")) {
            CompletableFuture<Decision> resolution = new CompletableFuture<>();
            held.put(statement.text(), resolution);
            return new Decision.Hold("needs a reviewer", resolution);
        }
        return Decision.ALLOW;
    };

    /** Replaces every value of a column named "shout" by its upper-case form. */
    static final List<String> planned = new CopyOnWriteArrayList<>();

    static final RowPlanner UPPERCASE_SHOUT = (session, source, description) -> {
        planned.add(source.statementIndex() + ":" + source.sql());
        int index = -1;
        List<RowDescription.Field> fields = description.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals("shout")) {
                index = i;
            }
        }
        if (index < 0) {
            return RowPlan.PASS_THROUGH;
        }
        int column = index;
        return (DataRow row, ByteBufAllocator alloc) -> {
            List<ByteBuf> values = new ArrayList<>();
            for (int i = 0; i < row.columnCount(); i++) {
                ByteBuf value = row.column(i);
                if (i == column && value != null) {
                    value = Unpooled.wrappedBuffer(value.toString(StandardCharsets.UTF_8).toUpperCase()
                            .getBytes(StandardCharsets.UTF_8));
                }
                values.add(value);
            }
            ByteBuf out = alloc.buffer();
            DataRow.encode(out, values);
            return out;
        };
    };

    @BeforeAll
    static void start(EmbeddedTarget database) {
        RecordingSink recordings = session -> new RecordingSink.SessionRecorder() {
            @Override
            public void message(RecordingSink.Direction direction, long nanoTime, ByteBuf message) {
                byte type = message.getByte(message.readerIndex());
                if (direction == RecordingSink.Direction.CLIENT_TO_SERVER && (type == 'Q' || type == 'P')) {
                    recordedToServer.incrementAndGet();
                }
                if (direction == RecordingSink.Direction.SERVER_TO_CLIENT && type == 'D') {
                    recordedRows.incrementAndGet();
                }
            }

            @Override
            public void close(String reason) {
                recordingsClosed.incrementAndGet();
            }
        };
        SessionListener listener = new SessionListener() {
            @Override
            public void opened(SessionInfo session) {
                events.add("opened " + session.leaseId());
            }

            @Override
            public void statement(SessionInfo session, Statement statement, Decision decision) {
                events.add("statement " + decision.getClass().getSimpleName());
            }

            @Override
            public void closed(SessionInfo session, SessionSummary summary) {
                events.add("closed " + (summary.bytesFromClient() > 0 && summary.bytesToClient() > 0));
            }
        };
        harness = ProxyHarness.start(database, ports -> ports.withGate(GATE).withRows(UPPERCASE_SHOUT)
                .withRecordings(recordings).withListener(listener), config -> config);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @BeforeEach
    void reset() {
        await().atMost(Duration.ofSeconds(5)).until(() -> harness.proxy.sessionCount() == 0);
        decided.clear();
        events.clear();
        planned.clear();
    }

    static String single(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void aDeniedStatementIsAnErrorAndTheSessionStaysConsistent(String mode) throws Exception {
        Properties p = new Properties();
        p.setProperty("preferQueryMode", mode);
        try (Connection c = harness.viaProxy(p)) {
            assertThatThrownBy(() -> single(c, "SELECT 'forbidden_marker'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("statement denied by the test policy")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42501");
            assertThat(single(c, "SELECT 'still works'")).isEqualTo("still works");

            // inside a transaction block the denial aborts the transaction, as a server error would
            c.setAutoCommit(false);
            assertThat(single(c, "SELECT 'in transaction'")).isEqualTo("in transaction");
            assertThatThrownBy(() -> single(c, "SELECT 'forbidden_marker'")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> single(c, "SELECT 1"))
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("25P02");
            c.rollback();
            c.setAutoCommit(true);
            assertThat(single(c, "SELECT 'after rollback'")).isEqualTo("after rollback");
        }
        assertThat(decided).contains("SELECT 'forbidden_marker'", "SELECT 'still works'");
    }

    @Test
    void aDeniedStatementInABatchSkipsTheRestOfItLikeAServerError() throws Exception {
        try (Connection c = harness.viaProxy(); var s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS scratch.seams_batch");
            s.execute("CREATE TABLE scratch.seams_batch (label text)");
            s.addBatch("INSERT INTO scratch.seams_batch VALUES ('one')");
            s.addBatch("INSERT INTO scratch.seams_batch VALUES ('forbidden_marker')");
            s.addBatch("INSERT INTO scratch.seams_batch VALUES ('three')");
            assertThatThrownBy(s::executeBatch).isInstanceOf(SQLException.class)
                    .hasMessageContaining("statement denied by the test policy");
            assertThat(single(c, "SELECT count(*) FROM scratch.seams_batch")).isEqualTo("0");
        }
    }

    @Test
    void aHeldStatementRunsOnceApprovedAndFailsWhenRejected() throws Exception {
        try (Connection c = harness.viaProxy()) {
            CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return single(c, "SELECT 'hold_marker approved'");
                } catch (SQLException e) {
                    return e.getSQLState();
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> held.containsKey("SELECT 'hold_marker approved'"));
            assertThat(result).isNotDone();
            held.get("SELECT 'hold_marker approved'").complete(Decision.ALLOW);
            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("hold_marker approved");

            CompletableFuture<String> rejected = CompletableFuture.supplyAsync(() -> {
                try {
                    return single(c, "SELECT 'hold_marker rejected'");
                } catch (SQLException e) {
                    return e.getSQLState();
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> held.containsKey("SELECT 'hold_marker rejected'"));
            held.get("SELECT 'hold_marker rejected'").complete(Decision.deny("42501", "rejected by reviewer"));
            assertThat(rejected.get(10, TimeUnit.SECONDS)).isEqualTo("42501");
        }
    }

    @Test
    void rowsAreRewrittenByThePlanOfTheirDescription() throws Exception {
        try (Connection c = harness.viaProxy(); Connection direct = harness.direct()) {
            assertThat(single(c, "SELECT last_name AS shout FROM patients WHERE patient_id = 1"))
                    .isEqualTo(single(direct, "SELECT upper(last_name) FROM patients WHERE patient_id = 1"));
            assertThat(single(c, "SELECT last_name FROM patients WHERE patient_id = 1"))
                    .isEqualTo(single(direct, "SELECT last_name FROM patients WHERE patient_id = 1"));
            try (PreparedStatement ps = c.prepareStatement("SELECT first_name AS shout, patient_id FROM patients"
                    + " WHERE patient_id <= ? ORDER BY patient_id")) {
                ps.setLong(1, 3);
                try (ResultSet rs = ps.executeQuery()) {
                    int n = 0;
                    while (rs.next()) {
                        n++;
                        assertThat(rs.getString(1)).isEqualTo(rs.getString(1).toUpperCase());
                    }
                    assertThat(n).isEqualTo(3);
                }
            }
        }
    }

    @Test
    void aPreparedStatementExecutedAgainWithoutDescribeIsStillRewritten() throws Exception {
        try (Connection c = harness.viaProxy(); PreparedStatement ps = c.prepareStatement(
                "SELECT last_name AS shout FROM patients WHERE patient_id = ?")) {
            for (int id = 1; id <= 12; id++) { // past pgjdbc's prepareThreshold (5): a named statement, no Describe
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(rs.getString(1).toUpperCase()).isNotBlank();
                }
            }
        }
        assertThat(planned).hasSize(12).allMatch(p -> p.equals("0:SELECT last_name AS shout FROM patients WHERE patient_id = $1"));
    }

    @Test
    void eachStatementOfAMultiStatementQueryIsPlannedWithItsIndex() throws Exception {
        Properties p = new Properties();
        p.setProperty("preferQueryMode", "simple");
        String sql = "SELECT 'a' AS shout; SET application_name = 'x'; SELECT 'b' AS other, 'c' AS shout";
        try (Connection c = harness.viaProxy(p); var s = c.createStatement()) {
            assertThat(s.execute(sql)).isTrue();
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("A");
            }
            assertThat(s.getMoreResults()).isFalse(); // the SET
            assertThat(s.getMoreResults()).isTrue();
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("b");
                assertThat(rs.getString(2)).isEqualTo("C");
            }
        }
        assertThat(planned).containsExactly("0:" + sql, "2:" + sql);
    }

    @Test
    void recordingAndSessionEventsSeeTheSession() throws Exception {
        int toServerBefore = recordedToServer.get();
        int rowsBefore = recordedRows.get();
        int closedBefore = recordingsClosed.get();
        try (Connection c = harness.viaProxy()) {
            single(c, "SELECT patient_id FROM patients ORDER BY patient_id LIMIT 7");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> recordingsClosed.get() == closedBefore + 1);
        assertThat(recordedToServer.get() - toServerBefore).isGreaterThanOrEqualTo(1);
        assertThat(recordedRows.get() - rowsBefore).isGreaterThanOrEqualTo(7);
        assertThat(events).first().isEqualTo("opened " + ProxyHarness.LEASE);
        assertThat(events).contains("statement Allow").last().isEqualTo("closed true");
    }
}
