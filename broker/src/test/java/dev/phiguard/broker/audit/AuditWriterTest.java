package dev.phiguard.broker.audit;

import static dev.phiguard.broker.audit.AuditEvents.CI_BOT;
import static dev.phiguard.broker.audit.AuditEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The asynchronous writer on the embedded H2 database: order, flush, close, and back-pressure without loss. */
class AuditWriterTest {

    @TempDir
    Path temp;
    private JdbcConnectionPool pool;
    private AuditLog log;

    @BeforeEach
    void open() {
        pool = H2Databases.migrated(temp.resolve("data"));
        log = AuditLog.open(pool);
    }

    @AfterEach
    void dispose() {
        pool.dispose();
    }

    @Test
    void eventsFromSeveralThreadsAreWrittenInBatchesAndFlushed() throws Exception {
        int threads = 3;
        int perThread = 700;
        try (AuditWriter writer = new AuditWriter(log, 256, 100, Duration.ofSeconds(30))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> submitters = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String session = "s-" + t;
                    submitters.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            writer.submit(AuditEvents.statement(CI_BOT, AuditLogContract.L1, session,
                                    T0.plusMillis(i), "MRN-" + i));
                        }
                        return null;
                    }));
                }
                for (Future<?> submitter : submitters) {
                    submitter.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(writer.flush(Duration.ofMinutes(1))).isTrue();
            assertThat(writer.written()).isEqualTo(threads * perThread);
            assertThat(log.head().seq()).isEqualTo(threads * perThread);
        }
        // per submitting thread, the log keeps the submission order
        AuditQuery query = new AuditQuery(pool, AuditEvents.HASHER);
        List<AuditEntry> session0 = new ArrayList<>();
        query.search(AuditFilter.all().withLimit(AuditFilter.MAX_LIMIT), entry -> {
            if (entry.event().columns().sessionId().orElseThrow().equals("s-0")) {
                session0.add(entry);
            }
        });
        assertThat(session0).extracting(entry -> entry.event().at())
                .isSortedAccordingTo(java.util.Comparator.naturalOrder()).hasSize(perThread);
        assertThat(new AuditVerifier(pool).verify().ok()).isTrue();
    }

    @Test
    void closeDrainsTheQueueAndRefusesLaterEvents() {
        AuditWriter writer = new AuditWriter(log, 1000, 50, Duration.ofSeconds(30));
        for (int i = 0; i < 500; i++) {
            writer.submit(AuditEvents.opened(AuditLogContract.L1, "s-" + i, T0));
        }
        writer.close();
        assertThat(log.head().seq()).isEqualTo(500);
        assertThatThrownBy(() -> writer.submit(AuditEvents.opened(AuditLogContract.L1, "late", T0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(log.head().seq()).isEqualTo(500);
    }

    @Test
    void aFullQueueBlocksThenRefusesLoudlyAndLosesNothingThatWasTaken() throws Exception {
        AuditWriter writer = new AuditWriter(log, 4, 2, Duration.ofMillis(50));
        int taken = 0;
        AuditQueueFullException refused = null;
        // another transaction holds the chain head: every append waits, as with a stalled database
        try (Connection blocker = pool.getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement();
                 ResultSet head = statement.executeQuery("SELECT seq FROM audit_chain_head FOR UPDATE")) {
                assertThat(head.next()).isTrue();
            }
            for (int i = 0; i < 100 && refused == null; i++) {
                try {
                    writer.submit(AuditEvents.opened(AuditLogContract.L1, "s-" + i, T0));
                    taken++;
                } catch (AuditQueueFullException e) {
                    refused = e;
                }
            }
            blocker.rollback();
        }
        assertThat(refused).as("a full queue refuses instead of dropping").isNotNull();
        assertThat(refused.getMessage()).contains("stayed full").contains("was not taken");
        assertThat(taken).isBetween(4, 4 + 2);

        assertThat(writer.flush(Duration.ofMinutes(1))).isTrue();
        assertThat(log.head().seq()).as("every event that was taken is written").isEqualTo(taken);
        writer.close();
        assertThat(new AuditVerifier(pool).verify().ok()).isTrue();
    }

    @Test
    void theQueueIsAlsoFullWhenItsStatementsCarryTheMostRecordKeys() throws Exception {
        AuditWriter writer = new AuditWriter(log, 100, 10, Duration.ofMillis(50), 5);
        // another transaction holds the chain head: nothing is written, so nothing leaves the queue
        try (Connection blocker = pool.getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement();
                 ResultSet head = statement.executeQuery("SELECT seq FROM audit_chain_head FOR UPDATE")) {
                assertThat(head.next()).isTrue();
            }
            assertThat(writer.offer(AuditEvents.statement(CI_BOT, AuditLogContract.L1, "s-1", T0, "A", "B", "C")))
                    .isTrue();
            assertThat(writer.offer(AuditEvents.statement(CI_BOT, AuditLogContract.L1, "s-1", T0, "D", "E", "F")))
                    .as("3 + 3 keys pass the limit of 5, although the queue has room for events").isFalse();
            assertThat(writer.offer(AuditEvents.opened(AuditLogContract.L1, "s-2", T0)))
                    .as("an event without keys still fits").isTrue();
            assertThat(writer.offer(AuditEvents.statement(CI_BOT, AuditLogContract.L1, "s-1", T0, "G", "H", "I"),
                    Duration.ofMillis(20))).as("waits, then refuses").isFalse();
            assertThat(writer.queuedKeys()).isEqualTo(3);
            blocker.rollback();
        }
        assertThat(writer.flush(Duration.ofMinutes(1))).isTrue();
        assertThat(writer.queuedKeys()).isZero();
        assertThat(writer.offer(AuditEvents.statement(CI_BOT, AuditLogContract.L1, "s-1", T0, "1", "2", "3", "4", "5",
                "6", "7"))).as("alone in the queue, an event with more keys than the limit is taken").isTrue();
        writer.close();
        assertThat(log.head().seq()).isEqualTo(3);
        assertThat(new AuditVerifier(pool).verify().ok()).isTrue();
    }

    @Test
    void flushOnAnIdleWriterReturnsAtOnce() throws Exception {
        try (AuditWriter writer = AuditWriter.start(log)) {
            assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(writer.written()).isZero();
            assertThat(writer.pending()).isZero();
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new AuditWriter(log, 0, 10, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditWriter(log, 10, 10, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditWriter(log, 10, 10, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
