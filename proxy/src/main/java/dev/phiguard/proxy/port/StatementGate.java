package dev.phiguard.proxy.port;

/**
 * Decides, for every statement a client sends, whether it runs. Called on the session's event loop:
 * implementations must not block (return a {@link Decision.Hold} to wait for something).
 */
@FunctionalInterface
public interface StatementGate {

    Decision decide(SessionInfo session, Statement statement);

    /** Allows everything: the pass-through mode. */
    static StatementGate allowAll() {
        return (session, statement) -> Decision.ALLOW;
    }
}
