package dev.phiguard.proxy.port;

import java.time.Duration;

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

    SessionListener NONE = new SessionListener() {};

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
