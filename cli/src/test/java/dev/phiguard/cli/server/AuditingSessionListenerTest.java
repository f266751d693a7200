package dev.phiguard.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.broker.audit.AuditEntry;
import dev.phiguard.broker.audit.AuditEvent;
import dev.phiguard.broker.audit.AuditFilter;
import dev.phiguard.broker.audit.AuditLog;
import dev.phiguard.broker.audit.AuditQuery;
import dev.phiguard.broker.audit.AuditWriter;
import dev.phiguard.broker.audit.StatementCoalescer;
import dev.phiguard.broker.audit.RecordAccess;
import dev.phiguard.broker.audit.RecordKeyHasher;
import dev.phiguard.broker.audit.StatementDecision;
import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseRequests;
import dev.phiguard.broker.lease.Principal;
import dev.phiguard.broker.store.JdbcLeaseStore;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.PolicyLoader;
import dev.phiguard.proxy.port.ResultDetails;
import dev.phiguard.proxy.port.SessionGrant;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.port.SessionListener.SessionSummary;
import dev.phiguard.proxy.port.StatementOutcome;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy's session events written to a real audit log (embedded H2, migrated by the lease store): identity with
 * the CI run's claims, purpose, lease and session on every event; statements with their outcome; the lease looked
 * up once per session; "who accessed this record" answered from the hashes the proxy reported.
 */
class AuditingSessionListenerTest {
    private static final Principal REQUESTER = new Principal("local", "ci-bot", Set.of("ci"),
            Map.of("repository", "acme/etl", "workflow", "extract", "ref", "refs/heads/main", "sha", "0a1b2c",
                    "run_id", "4711", "run_attempt", "1", "actor", "octocat"));

    @TempDir
    Path temp;

    private JdbcLeaseStore store;
    private AuditWriter writer;
    private StatementCoalescer coalescer;
    private RecordKeyHasher hasher;
    private Lease lease;
    private final AtomicInteger lookups = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        store = JdbcLeaseStore.embedded(temp.resolve("data"));
        writer = AuditWriter.start(AuditLog.open(store.dataSource()));
        coalescer = StatementCoalescer.start(writer);
        hasher = RecordKeyHasher.open(temp.resolve("data"));
        Policy policy = new PolicyLoader().load(Path.of("..", "policies", "examples", "study-42.yaml"));
        lease = LeaseRequests.request(policy, REQUESTER, Optional.empty(), "nightly extract", Clock.systemUTC());
    }

    @AfterEach
    void close() {
        coalescer.close();
        writer.close();
        store.close();
    }

    private AuditingSessionListener listener() {
        return new AuditingSessionListener(coalescer, id -> {
            lookups.incrementAndGet();
            return id.equals(lease.id()) ? Optional.of(lease) : Optional.empty();
        }, "node-a", Clock.systemUTC());
    }

    private static SessionInfo session(String sessionId, String leaseId) {
        return new SessionInfo(sessionId, new SessionGrant(leaseId, "study-42", "clinic"),
                new InetSocketAddress("127.0.0.1", 50123), false, "etl", Instant.now());
    }

    private List<AuditEntry> written(String leaseId) throws InterruptedException {
        assertThat(coalescer.flush(Duration.ofSeconds(10))).isTrue();
        return new AuditQuery(store.dataSource(), hasher).search(AuditFilter.all().withLeaseId(leaseId));
    }

    @Test
    void sessionAndStatementsAreAuditedWithTheRequestersIdentity() throws Exception {
        AuditingSessionListener listener = listener();
        SessionInfo session = session("s-1", lease.id());
        String mrnHash = hasher.hash("patients", "MRN00000042");
        listener.opened(session);
        listener.statementCompleted(session, new StatementOutcome("SELECT mrn FROM patients WHERE patient_id = ?",
                StatementOutcome.Verdict.ALLOWED, Optional.empty(), Optional.empty(), 1,
                new ResultDetails(1, Map.of("patients", Set.of(mrnHash)), 0)));
        listener.statementCompleted(session, new StatementOutcome("DELETE FROM patients WHERE mrn = ?",
                StatementOutcome.Verdict.DENIED, Optional.of("access.statements"), Optional.of("42501"), 0,
                ResultDetails.NONE));
        listener.closed(session, new SessionSummary(10, 20, Duration.ofSeconds(1), "client terminated"));

        List<AuditEntry> entries = written(lease.id());
        assertThat(entries).extracting(e -> e.event().getClass().getSimpleName())
                .containsExactly("SessionOpened", "StatementExecuted", "StatementExecuted", "SessionClosed");
        AuditEvent.SessionOpened opened = (AuditEvent.SessionOpened) entries.get(0).event();
        assertThat(opened.identity()).isEqualTo(REQUESTER);
        assertThat(opened.identity().claims()).containsEntry("run_id", "4711");
        assertThat(opened.node()).isEqualTo("node-a");
        assertThat(opened.clientAddress()).isEqualTo("127.0.0.1:50123");
        assertThat(opened.purpose()).isEqualTo("study-42");

        AuditEvent.StatementExecuted select = (AuditEvent.StatementExecuted) entries.get(1).event();
        assertThat(select.identity()).isEqualTo(REQUESTER);
        assertThat(select.sessionId()).isEqualTo("s-1");
        assertThat(select.statement()).isEqualTo("SELECT mrn FROM patients WHERE patient_id = ?");
        assertThat(select.decision()).isEqualTo(StatementDecision.ALLOWED);
        assertThat(select.rule()).isEmpty();
        assertThat(select.rowsReturned()).isEqualTo(1);
        assertThat(select.valuesMasked()).isEqualTo(1);
        assertThat(select.recordKeys()).isEqualTo(Map.of("patients", Set.of(mrnHash)));

        AuditEvent.StatementExecuted delete = (AuditEvent.StatementExecuted) entries.get(2).event();
        assertThat(delete.decision()).isEqualTo(StatementDecision.DENIED);
        assertThat(delete.rule()).contains("access.statements");
        assertThat(delete.rowsReturned()).isZero();

        AuditEvent.SessionClosed closed = (AuditEvent.SessionClosed) entries.get(3).event();
        assertThat(closed.reason()).isEqualTo("client terminated");
        assertThat(closed.identity()).isEqualTo(REQUESTER);

        assertThat(lookups).hasValue(1);                 // once per session, never per statement
        assertThat(listener.sessionsTracked()).isZero(); // dropped at close

        List<RecordAccess> accessed = new AuditQuery(store.dataSource(), hasher).whoAccessed("patients", "MRN00000042");
        assertThat(accessed).extracting(RecordAccess::sessionId).containsExactly("s-1");
        assertThat(accessed.get(0).ciRun()).contains("4711");
        assertThat(new AuditQuery(store.dataSource(), hasher).whoAccessed("patients", "MRN00000043")).isEmpty();
    }

    @Test
    void repeatedExecutionsOfAStatementAreOneEventThatCountsThem() throws Exception {
        AuditingSessionListener listener = listener();
        SessionInfo session = session("s-3", lease.id());
        listener.opened(session);
        for (int i = 0; i < 5; i++) {
            listener.statementCompleted(session, new StatementOutcome("SELECT mrn FROM patients WHERE patient_id = ?",
                    StatementOutcome.Verdict.ALLOWED, Optional.empty(), Optional.empty(), 1,
                    new ResultDetails(1, Map.of("patients", Set.of(hasher.hash("patients", "MRN" + i))), 0)));
            assertThat(listener.room(session)).as("the queue has room: the session is not paused").isDone();
        }
        listener.closed(session, new SessionSummary(10, 20, Duration.ofSeconds(1), "client terminated"));

        List<AuditEntry> entries = written(lease.id());
        assertThat(entries).hasSize(3);
        AuditEvent.StatementExecuted select = (AuditEvent.StatementExecuted) entries.get(1).event();
        assertThat(select.executions()).isEqualTo(5);
        assertThat(select.rowsReturned()).isEqualTo(5);
        assertThat(select.recordKeys().get("patients")).hasSize(5);
        assertThat(listener.statementsAudited()).isEqualTo(5);
        assertThat(new AuditQuery(store.dataSource(), hasher).whoAccessed("patients", "MRN3"))
                .extracting(RecordAccess::sessionId).containsExactly("s-3");
    }

    @Test
    void aSessionWhoseLeaseIsUnknownIsStillAudited() throws Exception {
        AuditingSessionListener listener = listener();
        SessionInfo session = session("s-2", "lease-aaaaaaaaaaaaaaaa");
        listener.opened(session);
        listener.statementCompleted(session, new StatementOutcome("SELECT ?", StatementOutcome.Verdict.HELD_DENIED,
                Optional.of("hold.no_where"), Optional.of("42501"), 0, ResultDetails.NONE));
        listener.closed(session, new SessionSummary(0, 0, Duration.ZERO, "client disconnected"));

        List<AuditEntry> entries = written("lease-aaaaaaaaaaaaaaaa");
        assertThat(entries).hasSize(3);
        assertThat(entries).allSatisfy(e -> assertThat(e.event().columns().subject())
                .contains(AuditingSessionListener.UNKNOWN_IDENTITY.subject()));
        assertThat(((AuditEvent.StatementExecuted) entries.get(1).event()).decision())
                .isEqualTo(StatementDecision.HELD_DENIED);
    }

    @Test
    void everyVerdictMapsToItsDecision() {
        for (StatementOutcome.Verdict verdict : StatementOutcome.Verdict.values()) {
            assertThat(AuditingSessionListener.decision(verdict).name()).isEqualTo(verdict.name());
        }
    }
}
