package dev.phiguard.proxy.port;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** Receives the lifecycle of every proxied session (audit, metrics). Called on the session's event loop. */
public interface SessionListener {

    default void opened(SessionInfo session) {}

    default void statement(SessionInfo session, Statement statement, Decision decision) {}

    /**
     * A statement ended (completed, failed, was suspended, or was denied): what it returned. Called once per
     * statement, after its last row went to the client, on the session's event loop: must not block. Reported only
     * while rows are being rewritten (a {@link RowPlanner} other than {@link RowPlanner#PASS_THROUGH}); in
     * pass-through mode only denied statements are reported.
     */
    default void statementCompleted(SessionInfo session, StatementOutcome outcome) {}

    default void closed(SessionInfo session, SessionSummary summary) {}

    /**
     * Completes when this listener can take the session's next statements without holding more of them back (e.g.
     * the audit log's queue has room again); {@link #ROOM_NOW} when it can now. Asked after every
     * {@link #statementCompleted}, on the session's event loop: must not block. While the stage is pending the proxy
     * reads nothing more from the session's client, so a slow listener pauses that one session instead of blocking
     * the event loop (and every session on it) or dropping outcomes. The stage may complete on any thread.
     */
    default CompletionStage<Void> room(SessionInfo session) {
        return ROOM_NOW;
    }

    /** The {@link #room} of a listener that never holds anything back. */
    CompletionStage<Void> ROOM_NOW = CompletableFuture.completedFuture(null);

    SessionListener NONE = new SessionListener() {};

    /**
     * One listener that tells each of {@code listeners}, in order (e.g. the policy enforcement, then the audit log).
     * Every listener is told even when an earlier one throws; the first exception is then rethrown.
     */
    static SessionListener all(List<SessionListener> listeners) {
        List<SessionListener> copy = List.copyOf(listeners);
        return new SessionListener() {
            @Override
            public void opened(SessionInfo session) {
                each(copy, l -> l.opened(session));
            }

            @Override
            public void statement(SessionInfo session, Statement statement, Decision decision) {
                each(copy, l -> l.statement(session, statement, decision));
            }

            @Override
            public void statementCompleted(SessionInfo session, StatementOutcome outcome) {
                each(copy, l -> l.statementCompleted(session, outcome));
            }

            @Override
            public void closed(SessionInfo session, SessionSummary summary) {
                each(copy, l -> l.closed(session, summary));
            }

            @Override
            public CompletionStage<Void> room(SessionInfo session) {
                List<CompletableFuture<Void>> pending = new ArrayList<>();
                for (SessionListener listener : copy) {
                    CompletableFuture<Void> room = listener.room(session).toCompletableFuture();
                    if (!room.isDone()) {
                        pending.add(room);
                    }
                }
                return pending.isEmpty() ? ROOM_NOW : CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
            }
        };
    }

    private static void each(List<SessionListener> listeners, Consumer<SessionListener> call) {
        RuntimeException first = null;
        for (SessionListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * How a session ended.
     *
     * @param bytesFromClient bytes received from the client after authentication
     * @param bytesToClient   bytes sent to the client after authentication
     * @param duration        time between connect and close
     * @param reason          why it closed, in words (client terminated, lease revoked, ...)
     */
    record SessionSummary(long bytesFromClient, long bytesToClient, Duration duration, String reason) {}
}
