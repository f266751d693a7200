package dev.phiguard.broker.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the events of proxy sessions into the {@link AuditWriter} without ever making the caller (a session's event
 * loop) wait, and with one audit event per statement <em>shape</em> per interval instead of one per execution.
 *
 * <p><b>Coalescing.</b> An allowed statement ({@link StatementDecision#ALLOWED}) is not written at once: it is added
 * to a pending event of its session with the same normalised text, decision and rule, which counts the executions,
 * sums rows and masked values, and keeps the union of the record-key hashes ({@link AuditEvent.StatementExecuted}
 * with {@code executions} and {@code firstAt}). Pending events are handed to the writer between one and one and a
 * half {@code window}s after their first execution, when their key union would pass {@code maxKeysPerEvent}, when the session has more than
 * {@value #MAX_PENDING_SHAPES} pending, before any other event of the session (a denied or held statement, the
 * session's end: a session's events stay in order), and at {@link #flush}. A loop that runs one statement 20,000
 * times a second therefore writes one row a second, with the same answer to "which session read which record".
 *
 * <p><b>Back-pressure, never loss, never a blocked event loop.</b> An event is offered to the writer's queue without
 * waiting; when the queue is full, it waits in its session's backlog (in order) and this class's thread hands it over
 * as soon as there is room. While a session has a backlog, {@link #room} returns a stage that completes when the
 * backlog is empty: the proxy stops reading that session's client until then, so the session pauses and no other
 * session is slowed. Nothing is refused or dropped while the writer runs; events still waiting when the writer is
 * closed are counted in {@link #lost} and logged.
 *
 * <p>Events without a session (lease events) do not belong here: they go to the writer directly.
 */
public final class StatementCoalescer implements AutoCloseable {

    /** Default longest time an execution waits in a pending event before it is handed to the writer. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);
    /** Default most record-key hashes in one coalesced event (the proxy's per-statement cap). */
    public static final int DEFAULT_MAX_KEYS_PER_EVENT = 100_000;
    /** Most pending statement shapes per session before they are handed over early. */
    public static final int MAX_PENDING_SHAPES = 256;

    private static final Logger LOG = LoggerFactory.getLogger(StatementCoalescer.class);
    private static final CompletableFuture<Void> ROOM_NOW = CompletableFuture.completedFuture(null);
    private static final Duration HAND_OVER_WAIT = Duration.ofMillis(100);

    private final AuditWriter writer;
    private final Duration window;
    private final int maxKeysPerEvent;
    private final ConcurrentMap<String, SessionEvents> sessions = new ConcurrentHashMap<>();
    private final Semaphore wake = new Semaphore(0);
    /** One thread at a time hands backlogs over, so that each session's head is offered once, in order. */
    private final Object drainLock = new Object();
    private final LongAdder executions = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final Thread thread;
    private volatile boolean closing;

    /**
     * Starts the thread that hands pending events and backlogs to the writer.
     *
     * @param writer          where events go
     * @param window          longest time an execution stays pending; {@link Duration#ZERO} writes every execution
     *                        on its own
     * @param maxKeysPerEvent most record-key hashes in one coalesced event
     */
    public StatementCoalescer(AuditWriter writer, Duration window, int maxKeysPerEvent) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.window = Objects.requireNonNull(window, "window");
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must not be negative");
        }
        if (maxKeysPerEvent < 1) {
            throw new IllegalArgumentException("maxKeysPerEvent must be at least 1");
        }
        this.maxKeysPerEvent = maxKeysPerEvent;
        this.thread = new Thread(this::run, "phiguard-audit-coalescer");
        thread.setDaemon(true);
        thread.start();
    }

    /** A coalescer with the default window and key cap. */
    public static StatementCoalescer start(AuditWriter writer) {
        return new StatementCoalescer(writer, DEFAULT_WINDOW, DEFAULT_MAX_KEYS_PER_EVENT);
    }

    /**
     * Takes an event of a session (opened, statement, closed). Never waits.
     *
     * @throws IllegalArgumentException when the event has no session
     * @throws IllegalStateException    when this coalescer is closed
     */
    public void add(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        String sessionId = event.columns().sessionId().orElseThrow(
                () -> new IllegalArgumentException("a " + event.type() + " event has no session; write it directly"));
        if (closing) {
            lost.increment();
            throw new IllegalStateException("the audit coalescer is closed; a " + event.type() + " event of session "
                    + sessionId + " cannot be taken");
        }
        SessionEvents session = sessions.computeIfAbsent(sessionId, id -> new SessionEvents());
        synchronized (session) {
            if (event instanceof AuditEvent.StatementExecuted statement) {
                executions.add(statement.executions());
                if (coalescable(statement)) {
                    session.coalesce(statement);
                    return;
                }
            }
            session.handOverPending();
            session.emit(event);
            if (event instanceof AuditEvent.SessionClosed) {
                session.ended = true;
                forgetIfDone(sessionId, session);
            }
        }
    }

    /**
     * Completes when the session's events are all in the writer's queue or pending here; at once when they are. A
     * caller that stops taking work from the session until then keeps the backlog bounded.
     */
    public CompletionStage<Void> room(String sessionId) {
        SessionEvents session = sessions.get(sessionId);
        if (session == null) {
            return ROOM_NOW;
        }
        synchronized (session) {
            return session.backlog.isEmpty() ? ROOM_NOW : session.roomFuture();
        }
    }

    /**
     * Hands every pending event and backlog to the writer, then waits until the writer has written them.
     *
     * @return false when that did not happen within {@code timeout}
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<String, SessionEvents> entry : sessions.entrySet()) {
            synchronized (entry.getValue()) {
                entry.getValue().handOverPending();
            }
        }
        if (!drainBacklogs(deadline)) {
            return false;
        }
        return writer.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** Statement executions taken so far (a coalesced event counts each of its executions). */
    public long executions() {
        return executions.sum();
    }

    /** Events waiting for room in the writer's queue now, over all sessions. */
    public int backlog() {
        int waiting = 0;
        for (SessionEvents session : sessions.values()) {
            synchronized (session) {
                waiting += session.backlog.size();
            }
        }
        return waiting;
    }

    /** Events that could not be handed to the writer because it or this coalescer was closed: missing evidence. */
    public long lost() {
        return lost.sum();
    }

    /** Sessions with events held here now (for tests: a session that ended and was handed over is forgotten). */
    int sessionsHeld() {
        return sessions.size();
    }

    /**
     * Hands everything still held to the writer (waiting for room at most {@code timeout} in all) and stops the
     * thread. Events that do not fit are counted in {@link #lost} and logged.
     */
    public void close(Duration timeout) throws InterruptedException {
        closing = true;
        wake.release();
        long deadline = System.nanoTime() + timeout.toNanos();
        thread.join(Math.max(1, timeout.toMillis()));
        for (SessionEvents session : sessions.values()) {
            synchronized (session) {
                try {
                    session.handOverPending();
                } catch (IllegalStateException e) {
                    LOG.error("audit coalescer: the audit writer closed before the coalescer: {}", e.getMessage());
                }
            }
        }
        boolean drained;
        try {
            drained = drainBacklogs(deadline);
        } catch (IllegalStateException e) {
            drained = false;
        }
        if (!drained) {
            int left = backlog();
            lost.add(left);
            LOG.error("audit coalescer: {} session event(s) could not be handed to the audit writer within {}",
                    left, timeout);
        }
    }

    /** {@link #close(Duration)} with a 30-second limit. */
    @Override
    public void close() {
        try {
            close(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean coalescable(AuditEvent.StatementExecuted statement) {
        return statement.decision() == StatementDecision.ALLOWED && !window.isZero();
    }

    private void forgetIfDone(String sessionId, SessionEvents session) {
        if (session.ended && session.backlog.isEmpty() && session.pending.isEmpty()) {
            sessions.remove(sessionId, session);
        }
    }

    private void run() {
        long windowNanos = window.isZero() ? DEFAULT_WINDOW.toNanos() : window.toNanos();
        try {
            while (!closing) {
                boolean woken = wake.tryAcquire(windowNanos / 2 + 1, TimeUnit.NANOSECONDS);
                wake.drainPermits();
                if (closing) {
                    return;
                }
                try {
                    handOverDue(System.nanoTime() - windowNanos);
                    if (woken || backlog() > 0) {
                        drainBacklogs(System.nanoTime() + windowNanos);
                    }
                } catch (RuntimeException e) {
                    // e.g. the writer was closed before this coalescer: what is held stays held and close() counts it
                    LOG.error("audit coalescer: handing events to the audit writer failed: {}", e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handOverDue(long startedBefore) {
        for (Map.Entry<String, SessionEvents> entry : sessions.entrySet()) {
            SessionEvents session = entry.getValue();
            synchronized (session) {
                session.handOverStartedBefore(startedBefore);
            }
        }
    }

    /** Hands the backlogs to the writer in order, waiting for room; false when the deadline passed first. */
    private boolean drainBacklogs(long deadline) throws InterruptedException {
        synchronized (drainLock) {
            return drainBacklogsInOrder(deadline);
        }
    }

    private boolean drainBacklogsInOrder(long deadline) throws InterruptedException {
        while (true) {
            boolean any = false;
            for (Map.Entry<String, SessionEvents> entry : sessions.entrySet()) {
                SessionEvents session = entry.getValue();
                while (true) {
                    AuditEvent next;
                    synchronized (session) {
                        next = session.backlog.peekFirst();
                        if (next == null) {
                            session.completeRoom();
                            forgetIfDone(entry.getKey(), session);
                            break;
                        }
                    }
                    any = true;
                    // the head stays in the backlog while it is offered, so later events queue behind it
                    if (!writer.offer(next, HAND_OVER_WAIT)) {
                        break;
                    }
                    synchronized (session) {
                        session.backlog.pollFirst();
                    }
                }
            }
            if (!any) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
        }
    }

    /** The identity of a pending event: executions with equal keys are one event. */
    private record Shape(String statement, StatementDecision decision, Optional<String> rule) {
    }

    /** The events of one session held here; guarded by its own monitor. */
    private final class SessionEvents {
        final Map<Shape, Pending> pending = new LinkedHashMap<>();
        final Deque<AuditEvent> backlog = new ArrayDeque<>();
        /** The pending event the last execution went to, while it is still pending. */
        Pending last;
        CompletableFuture<Void> room;
        boolean ended;

        void coalesce(AuditEvent.StatementExecuted statement) {
            Pending current = last;
            Shape shape;
            if (current != null && current.matches(statement)) {
                shape = current.shape; // the same statement again (the usual loop): no lookup
            } else {
                shape = new Shape(statement.statement(), statement.decision(), statement.rule());
                current = pending.get(shape);
            }
            int incoming = statement.recordKeyCount();
            if (current != null && current.keyCount + incoming > maxKeysPerEvent) {
                pending.remove(shape);
                emit(current.event());
                current = null;
                last = null;
            }
            if (current == null) {
                if (pending.size() >= MAX_PENDING_SHAPES) {
                    handOverPending();
                }
                current = new Pending(statement);
                pending.put(shape, current);
            } else {
                current.add(statement);
            }
            last = current;
        }

        void handOverPending() {
            if (pending.isEmpty()) {
                return;
            }
            List<Pending> due = new ArrayList<>(pending.values());
            pending.clear();
            last = null;
            due.forEach(p -> emit(p.event()));
        }

        void handOverStartedBefore(long startedBefore) {
            if (pending.isEmpty()) {
                return;
            }
            // a session's events stay in order: once one pending event is due, the ones before it go too
            List<Pending> all = new ArrayList<>(pending.values());
            int lastDue = -1;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).started - startedBefore < 0) {
                    lastDue = i;
                }
            }
            for (int i = 0; i <= lastDue; i++) {
                Pending p = all.get(i);
                pending.remove(p.shape);
                if (p == last) {
                    last = null;
                }
                emit(p.event());
            }
        }

        void emit(AuditEvent event) {
            if (backlog.isEmpty()) {
                try {
                    if (writer.offer(event)) {
                        return;
                    }
                } catch (IllegalStateException e) {
                    lost.increment();
                    throw e;
                }
            }
            backlog.addLast(event);
            wake.release();
        }

        CompletableFuture<Void> roomFuture() {
            if (room == null) {
                room = new CompletableFuture<>();
            }
            return room;
        }

        void completeRoom() {
            if (room != null) {
                CompletableFuture<Void> done = room;
                room = null;
                done.complete(null);
            }
        }
    }

    /** Executions of one shape not yet handed over. */
    private static final class Pending {
        final AuditEvent.StatementExecuted first;
        final Shape shape;
        final long started = System.nanoTime();
        final Map<String, Set<String>> keys = new TreeMap<>();
        int keyCount;
        long count;
        long rows;
        long masked;
        Instant last;

        Pending(AuditEvent.StatementExecuted first) {
            this.first = first;
            this.shape = new Shape(first.statement(), first.decision(), first.rule());
            this.last = first.at();
            this.count = first.executions();
            this.rows = first.rowsReturned();
            this.masked = first.valuesMasked();
            addKeys(first);
        }

        /** Whether {@code next} belongs here, checked by identity first (a repeated statement's text is one object). */
        boolean matches(AuditEvent.StatementExecuted next) {
            String text = next.statement();
            return (text == shape.statement() || text.equals(shape.statement())) && next.decision() == shape.decision()
                    && next.rule().equals(shape.rule());
        }

        void add(AuditEvent.StatementExecuted next) {
            count += next.executions();
            rows += next.rowsReturned();
            masked += next.valuesMasked();
            if (next.at().isAfter(last)) {
                last = next.at();
            }
            addKeys(next);
        }

        private void addKeys(AuditEvent.StatementExecuted statement) {
            statement.recordKeys().forEach((table, hashes) -> {
                Set<String> union = keys.computeIfAbsent(table, t -> new HashSet<>());
                for (String hash : hashes) {
                    if (union.add(hash)) {
                        keyCount++;
                    }
                }
            });
        }

        AuditEvent.StatementExecuted event() {
            if (count == 1) {
                return first;
            }
            Instant firstAt = first.firstAt().isBefore(last) ? first.firstAt() : last;
            return new AuditEvent.StatementExecuted(last, first.identity(), first.purpose(), first.leaseId(),
                    first.sessionId(), first.statement(), first.decision(), first.rule(), rows, masked,
                    new TreeMap<>(keys), first.statementTruncated(), count, firstAt);
        }
    }
}
