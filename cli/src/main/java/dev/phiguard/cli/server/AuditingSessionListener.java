package dev.phiguard.cli.server;

import dev.phiguard.broker.audit.AuditEvent;
import dev.phiguard.broker.audit.AuditWriter;
import dev.phiguard.broker.audit.StatementCoalescer;
import dev.phiguard.broker.audit.StatementDecision;
import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.Principal;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.port.SessionListener;
import dev.phiguard.proxy.port.StatementOutcome;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the proxy's sessions and statements to the audit log: {@code opened}, {@code statementCompleted} and
 * {@code closed} become {@link AuditEvent.SessionOpened}, {@link AuditEvent.StatementExecuted} and
 * {@link AuditEvent.SessionClosed}, handed to a {@link StatementCoalescer}, which coalesces repeated executions of one
 * allowed statement per session into one event per interval and puts everything into the {@link AuditWriter}'s queue
 * without ever making the proxy's event loop wait. When the queue is full, {@link #room} tells the proxy to pause the
 * session's client until its events are taken: back-pressure on that session, no lost evidence.
 *
 * <p>Each event carries the identity of the lease's requester (with the CI run's claims) and the purpose. The lease is
 * looked up once, when the session opens, and kept per session until it closes: never per statement. A session whose
 * lease cannot be found is still audited, with the identity {@link #UNKNOWN_IDENTITY}.
 *
 * <p>Outcomes hold no raw value (the proxy normalised the text and hashed the record keys), so nothing here can leak
 * one. An event the coalescer refuses (it or the writer is closed: the node is stopping) is logged as an error with
 * its session id and counted in {@link #refusedEvents}; the session goes on.
 */
public final class AuditingSessionListener implements SessionListener {

    private final LongAdder refused = new LongAdder();
    private static final Logger log = LoggerFactory.getLogger(AuditingSessionListener.class);

    /** The identity recorded when a session's lease is not in the store. */
    static final Principal UNKNOWN_IDENTITY = Principal.of("phiguard", "unknown-lease", List.of());

    private final StatementCoalescer coalescer;
    private final Function<String, Optional<Lease>> leases;
    private final String node;
    private final Clock clock;
    private final ConcurrentMap<String, Principal> identities = new ConcurrentHashMap<>();

    /**
     * @param coalescer where events go
     * @param leases finds a lease by id (the lease store); asked once per session
     * @param node   this node's name, recorded with session events
     * @param clock  the time of the events
     */
    public AuditingSessionListener(StatementCoalescer coalescer, Function<String, Optional<Lease>> leases,
                                   String node, Clock clock) {
        this.coalescer = Objects.requireNonNull(coalescer, "coalescer");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.node = Objects.requireNonNull(node, "node");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void opened(SessionInfo session) {
        Principal identity = lookUp(session);
        identities.put(session.sessionId(), identity);
        submit(session, new AuditEvent.SessionOpened(clock.instant(), session.sessionId(), session.leaseId(),
                session.grant().purpose(), identity, node, address(session.clientAddress())));
    }

    @Override
    public void statementCompleted(SessionInfo session, StatementOutcome outcome) {
        if (outcome.recordKeysTruncated()) {
            log.warn("session {}: a statement returned more distinct record keys than the proxy keeps per statement;"
                    + " its audit event lists only the first ones", session.sessionId());
        }
        submit(session, new AuditEvent.StatementExecuted(clock.instant(), identityOf(session),
                session.grant().purpose(), session.leaseId(), session.sessionId(), outcome.statement(),
                decision(outcome.verdict()), outcome.rule(), outcome.rowsReturned(), outcome.valuesMasked(),
                outcome.recordKeys()));
    }

    @Override
    public void closed(SessionInfo session, SessionSummary summary) {
        Principal identity = identityOf(session);
        identities.remove(session.sessionId());
        submit(session, new AuditEvent.SessionClosed(clock.instant(), session.sessionId(), session.leaseId(),
                session.grant().purpose(), identity, node, address(session.clientAddress()), summary.reason()));
    }

    /** Sessions whose identity is held now (for tests: entries are dropped at close). */
    int sessionsTracked() {
        return identities.size();
    }

    private Principal lookUp(SessionInfo session) {
        try {
            Optional<Lease> lease = leases.apply(session.leaseId());
            if (lease.isPresent()) {
                return lease.get().requester();
            }
            log.warn("session {}: lease {} is not in the store; audited as {}", session.sessionId(),
                    session.leaseId(), UNKNOWN_IDENTITY.subject());
        } catch (RuntimeException e) {
            log.error("session {}: cannot look up lease {} for the audit log; audited as {}", session.sessionId(),
                    session.leaseId(), UNKNOWN_IDENTITY.subject(), e);
        }
        return UNKNOWN_IDENTITY;
    }

    private Principal identityOf(SessionInfo session) {
        return identities.getOrDefault(session.sessionId(), UNKNOWN_IDENTITY);
    }

    static StatementDecision decision(StatementOutcome.Verdict verdict) {
        return switch (verdict) {
            case ALLOWED -> StatementDecision.ALLOWED;
            case DENIED -> StatementDecision.DENIED;
            case HELD_APPROVED -> StatementDecision.HELD_APPROVED;
            case HELD_DENIED -> StatementDecision.HELD_DENIED;
        };
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    @Override
    public CompletionStage<Void> room(SessionInfo session) {
        return coalescer.room(session.sessionId());
    }

    private void submit(SessionInfo session, AuditEvent event) {
        try {
            coalescer.add(event);
        } catch (RuntimeException e) {
            refused.increment();
            log.error("session {}: the audit log refused a {} event: {}", session.sessionId(), event.type(),
                    e.getMessage());
        }
    }

    /** Statement executions handed to the audit log so far. */
    public long statementsAudited() {
        return coalescer.executions();
    }

    /** Events the audit log refused because it was stopping: evidence that is missing, shown in the metrics. */
    public long refusedEvents() {
        return refused.sum();
    }
}
