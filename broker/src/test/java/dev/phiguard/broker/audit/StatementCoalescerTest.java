package dev.phiguard.broker.audit;

import static dev.phiguard.broker.audit.AuditEvents.CI_BOT;
import static dev.phiguard.broker.audit.AuditEvents.HASHER;
import static dev.phiguard.broker.audit.AuditEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coalescer in front of a real audit writer and log (embedded H2): repeated executions become one event with the
 * sums and the union of record keys, a session's events stay in order, who-accessed answers the same, and a full queue
 * pauses the session (a pending {@code room}) without blocking the caller or losing an event.
 */
class StatementCoalescerTest {
    private static final String LEASE = AuditLogContract.L1;

    @TempDir
    Path temp;
    private JdbcConnectionPool pool;
    private AuditLog log;
    private AuditQuery query;

    @BeforeEach
    void open() {
        pool = H2Databases.migrated(temp.resolve("data"));
        log = AuditLog.open(pool);
        query = new AuditQuery(pool, HASHER);
    }

    @AfterEach
    void dispose() {
        pool.dispose();
    }

    private List<AuditEvent> events() {
        return query.search(AuditFilter.all().withLeaseId(LEASE)).stream().map(AuditEntry::event).toList();
    }

    @Test
    void repeatedExecutionsOfOneStatementBecomeOneEventWithSumsAndTheUnionOfKeys() throws Exception {
        try (AuditWriter writer = AuditWriter.start(log);
             StatementCoalescer coalescer = new StatementCoalescer(writer, Duration.ofMinutes(10), 1_000)) {
            coalescer.add(AuditEvents.opened(LEASE, "s-1", T0));
            coalescer.add(AuditEvents.statement(CI_BOT, LEASE, "s-1", T0.plusMillis(1), "MRN1"));
            coalescer.add(AuditEvents.statement(CI_BOT, LEASE, "s-1", T0.plusMillis(2), "MRN2", "MRN1"));
            coalescer.add(AuditEvents.statement(CI_BOT, LEASE, "s-1", T0.plusMillis(3), "MRN3"));
            coalescer.add(AuditEvents.closed(LEASE, "s-1", T0.plusMillis(4)));
            assertThat(coalescer.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(coalescer.executions()).isEqualTo(3);
        }

        List<AuditEvent> events = events();
        assertThat(events).extracting(AuditEvent::type).containsExactly(AuditEventType.SESSION_OPENED,
                AuditEventType.STATEMENT, AuditEventType.SESSION_CLOSED);
        AuditEvent.StatementExecuted statement = (AuditEvent.StatementExecuted) events.get(1);
        assertThat(statement.executions()).isEqualTo(3);
        assertThat(statement.coalesced()).isTrue();
        assertThat(statement.firstAt()).isEqualTo(T0.plusMillis(1));
        assertThat(statement.at()).isEqualTo(T0.plusMillis(3));
        assertThat(statement.rowsReturned()).isEqualTo(1 + 2 + 1);
        assertThat(statement.valuesMasked()).isEqualTo(2 + 4 + 2);
        assertThat(statement.recordKeys().get("patients")).containsExactlyInAnyOrder(HASHER.hash("patients", "MRN1"),
                HASHER.hash("patients", "MRN2"), HASHER.hash("patients", "MRN3"));

        List<RecordAccess> mrn2 = query.whoAccessed("patients", "MRN2");
        assertThat(mrn2).singleElement().satisfies(access -> {
            assertThat(access.sessionId()).isEqualTo("s-1");
            assertThat(access.firstAt()).isEqualTo(T0.plusMillis(1));
            assertThat(access.lastAt()).isEqualTo(T0.plusMillis(3));
            assertThat(access.statements()).isEqualTo(3);
        });
        assertThat(query.whoAccessed("patients", "MRN4")).isEmpty();
        assertThat(new AuditVerifier(pool).verify().ok()).isTrue();
    }

    @Test
    void interleavedStatementsEachGetTheirOwnEvent() throws Exception {
        try (AuditWriter writer = AuditWriter.start(log);
             StatementCoalescer coalescer = new StatementCoalescer(writer, Duration.ofMinutes(10), 1_000)) {
            for (int i = 0; i < 3; i++) {
                coalescer.add(AuditEvents.statement(CI_BOT, LEASE, "s-1", T0.plusMillis(2 * i), "MRN" + i));
                coalescer.add(new AuditEvent.StatementExecuted(T0.plusMillis(2 * i + 1), CI_BOT, "study-42", LEASE,
                        "s-1", "SELECT count(*) FROM encounters", StatementDecision.ALLOWED, Optional.empty(), 1, 0,
                        Map.of()));
            }
            assertThat(coalescer.flush(Duration.ofSeconds(30))).isTrue();
        }
        List<AuditEvent> events = events();
        assertThat(events).hasSize(2);
        assertThat(events).extracting(e -> ((AuditEvent.StatementExecuted) e).statement()).containsExactly(
                "SELECT mrn, name FROM patients WHERE mrn = $1", "SELECT count(*) FROM encounters");
        assertThat(events).extracting(e -> ((AuditEvent.StatementExecuted) e).executions()).containsExactly(3L, 3L);
        assertThat(((AuditEvent.StatementExecuted) events.get(0)).recordKeys().get("patients")).hasSize(3);
    }

    @Test
    void aDeniedStatementIsWrittenOnItsOwnAfterTheStatementsBeforeIt() throws Exception {
        try (AuditWriter writer = AuditWriter.start(log);
             StatementCoalescer coalescer = new StatementCoalescer(writer, Duration.ofMinutes(10), 1_000)) {
            coalescer.add(AuditEvents.statement(CI_BOT, LEASE, "s-1", T0, "MRN1"));
            coalescer.add(AuditEvents.denied(LEASE, "s-1", T0.plusMillis(1)));
            coalescer.add(AuditEvents.denied(LEASE, "s-1", T0.plusMillis(2)));
            coalescer.add(AuditEvents.statement(CI_BOT, LEASE, "s-1", T0.plusMillis(3), "MRN2"));
            // nothing flushed by hand: the denial handed the earlier statement over, the later one is pending
            await().atMost(Duration.ofSeconds(30)).until(() -> events().size() == 3);
            assertThat(events()).extracting(e -> ((AuditEvent.StatementExecuted) e).decision())
                    .containsExactly(StatementDecision.ALLOWED, StatementDecision.DENIED, StatementDecision.DENIED);
            coalescer.add(AuditEvents.closed(LEASE, "s-1", T0.plusMillis(4)));
            await().atMost(Duration.ofSeconds(30)).until(() -> events().size() == 5);
            assertThat(events()).extracting(AuditEvent::type).endsWith(AuditEventType.STATEMENT,
                    AuditEventType.SESSION_CLOSED);
            await().atMost(Duration.ofSeconds(30)).until(() -> coalescer.sessionsHeld() == 0);
        }
    }

    @Test
    void pendingExecutionsAreWrittenWithinTheWindowWithoutAFlush() throws Exception {
        try (AuditWriter writer = AuditWriter.start(log);
             StatementCoalescer coalescer = new StatementCoalescer(writer, Duration.ofMillis(200), 1_000)) {
            for (int i = 0; i < 50; i++) {
                coalescer.add(AuditEvents.statement(CI_BOT, LEASE, "s-1", T0.plusMillis(i), "MRN" + (i % 7)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !events().isEmpty());
            assertThat(events()).singleElement().satisfies(event -> {
                assertThat(((AuditEvent.StatementExecuted) event).executions()).isEqualTo(50);
                assertThat(((AuditEvent.StatementExecuted) event).recordKeys().get("patients")).hasSize(7);
            });
        }
    }

    @Test
    void aUnionThatWouldPassTheKeyCapStartsANewEvent() throws Exception {
        try (AuditWriter writer = AuditWriter.start(log);
             StatementCoalescer coalescer = new StatementCoalescer(writer, Duration.ofMinutes(10), 3)) {
            coalescer.add(AuditEvents.statement(CI_BOT, LEASE, "s-1", T0, "MRN1", "MRN2"));
            coalescer.add(AuditEvents.statement(CI_BOT, LEASE, "s-1", T0.plusMillis(1), "MRN3"));
            coalescer.add(AuditEvents.statement(CI_BOT, LEASE, "s-1", T0.plusMillis(2), "MRN4"));
            assertThat(coalescer.flush(Duration.ofSeconds(30))).isTrue();
        }
        List<AuditEvent> events = events();
        assertThat(events).hasSize(2);
        assertThat(events).extracting(e -> ((AuditEvent.StatementExecuted) e).executions()).containsExactly(2L, 1L);
        assertThat(events).allSatisfy(e -> assertThat(((AuditEvent.StatementExecuted) e).recordKeys().get("patients")
                .size()).isLessThanOrEqualTo(3));
        assertThat(query.whoAccessed("patients", "MRN4")).hasSize(1);
    }

    @Test
    void aFullQueuePausesTheSessionWithoutBlockingAndLosesNothing() throws Exception {
        AuditWriter writer = new AuditWriter(log, 2, 1, Duration.ofMillis(10));
        StatementCoalescer coalescer = new StatementCoalescer(writer, Duration.ZERO, 1_000);
        int events = 40;
        CompletableFuture<Void> room;
        // another transaction holds the chain head: every append waits, as with a stalled database
        try (Connection blocker = pool.getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement();
                 ResultSet head = statement.executeQuery("SELECT seq FROM audit_chain_head FOR UPDATE")) {
                assertThat(head.next()).isTrue();
            }
            coalescer.add(AuditEvents.opened(LEASE, "s-1", T0));
            for (int i = 1; i < events - 1; i++) {
                coalescer.add(AuditEvents.statement(CI_BOT, LEASE, "s-1", T0.plusMillis(i), "MRN" + i));
            }
            coalescer.add(AuditEvents.closed(LEASE, "s-1", T0.plusMillis(events)));
            room = coalescer.room("s-1").toCompletableFuture();
            assertThat(room).as("the session must pause: its events wait for room").isNotDone();
            assertThat(coalescer.backlog()).isGreaterThan(0);
            assertThat(coalescer.room("s-2")).as("another session is not held back").isDone();
            blocker.rollback();
        }
        room.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(coalescer.flush(Duration.ofSeconds(30))).isTrue();
        coalescer.close();
        writer.close();

        List<AuditEvent> written = events();
        assertThat(written).as("every event, in the session's order").hasSize(events);
        assertThat(written.get(0).type()).isEqualTo(AuditEventType.SESSION_OPENED);
        assertThat(written.get(events - 1).type()).isEqualTo(AuditEventType.SESSION_CLOSED);
        for (int i = 1; i < events - 1; i++) {
            assertThat(((AuditEvent.StatementExecuted) written.get(i)).at()).isEqualTo(T0.plusMillis(i));
        }
        assertThat(coalescer.lost()).isZero();
        assertThat(new AuditVerifier(pool).verify().ok()).isTrue();
    }

    @Test
    void eventsWithoutASessionAndEventsAfterCloseAreRefused() throws Exception {
        AuditWriter writer = AuditWriter.start(log);
        StatementCoalescer coalescer = StatementCoalescer.start(writer);
        assertThatThrownBy(() -> coalescer.add(AuditEvents.requested(LEASE, T0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no session");
        coalescer.add(AuditEvents.statement(CI_BOT, LEASE, "s-1", T0, "MRN1"));
        coalescer.close();
        assertThatThrownBy(() -> coalescer.add(AuditEvents.statement(CI_BOT, LEASE, "s-1", T0, "MRN1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(coalescer.lost()).isEqualTo(1);
        writer.close();
        assertThat(events()).as("what was pending at close is written").hasSize(1);
        assertThatThrownBy(() -> new StatementCoalescer(writer, Duration.ofSeconds(-1), 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StatementCoalescer(writer, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
