package dev.phiguard.proxy.session;

import dev.phiguard.proxy.port.Decision;
import dev.phiguard.proxy.wire.ErrorResponse;
import java.util.ArrayDeque;

/**
 * Keeps denied statements in step with the server's replies.
 *
 * <p>A denied statement is not simply answered by the proxy: replies to earlier pipelined messages may still
 * be on their way, and the session must end up in the same state as if the server had raised the error
 * (a transaction block aborted, the rest of an extended-protocol batch skipped until Sync). So the proxy
 * sends the server a sentinel statement that is guaranteed to fail with a syntax error at exactly that point,
 * and swaps the server's error for the denial when it comes back. Every Query, Sync and FunctionCall yields
 * exactly one ReadyForQuery; numbering them tells which batch an error belongs to.
 */
final class DenialLedger {
    /** Fails to parse on every PostgreSQL version, with an error that names this token. */
    static final String SENTINEL_SQL = "phiguard_statement_denied";

    private record Pending(long readyOrdinal, Decision.Deny denial) {}

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long readySent;
    private long readySeen;

    /** A Query, Sync or FunctionCall went to the server: one more ReadyForQuery will come back. */
    void expectReady() {
        readySent++;
    }

    /** A statement in the batch that the next ReadyForQuery will close was denied. */
    void denied(Decision.Deny denial) {
        pending.add(new Pending(readySent + 1, denial));
    }

    /** Whether the server is working on something the client is waiting for. */
    boolean busy() {
        return readySeen < readySent;
    }

    /**
     * The server reported an error: the denial to show instead, or null to forward the server's error. Only
     * the sentinel's own error is replaced; an earlier genuine error in the same batch passes through (and the
     * server then skips the sentinel).
     */
    Decision.Deny replacementFor(ErrorResponse error) {
        Pending head = pending.peek();
        if (head == null || head.readyOrdinal() != readySeen + 1) {
            return null;
        }
        if (!"42601".equals(error.sqlState()) || error.message() == null
                || !error.message().contains(SENTINEL_SQL)) {
            return null;
        }
        pending.poll();
        return head.denial();
    }

    /** The server reported ReadyForQuery: denials of that batch that never surfaced are dropped. */
    void ready() {
        readySeen++;
        while (!pending.isEmpty() && pending.peek().readyOrdinal() <= readySeen) {
            pending.poll();
        }
    }
}
