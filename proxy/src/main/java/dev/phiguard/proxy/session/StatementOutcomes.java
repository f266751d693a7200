package dev.phiguard.proxy.session;

import dev.phiguard.policies.sql.LiteralRedactor;
import dev.phiguard.proxy.port.Decision;
import dev.phiguard.proxy.port.ResultDetails;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.port.SessionListener;
import dev.phiguard.proxy.port.Statement;
import dev.phiguard.proxy.port.StatementOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports one {@link StatementOutcome} per statement to the session listener: the statement's text with its literals
 * replaced by {@code ?}, split into the statements of a multi-statement Query. A listener that fails is logged and
 * does not disturb the session. When the listener cannot take more for now ({@link SessionListener#room}), the
 * session's client is paused until it can. Used on one session's event loop only.
 */
final class StatementOutcomes {
    private static final Logger log = LoggerFactory.getLogger(StatementOutcomes.class);
    private static final LiteralRedactor NORMALISING = LiteralRedactor.normalising();
    /** Shown for an Execute of a portal the proxy did not bind (a SQL cursor run by name). */
    static final String UNKNOWN_PORTAL = "<execute of a portal not bound through phiguard>";

    private final SessionListener listener;
    private final SessionInfo session;
    private final Consumer<CompletionStage<Void>> backlog;
    /** The last text normalised, and its statements: a prepared statement executed again is not re-lexed. */
    private String lastSql;
    private List<String> lastStatements = List.of();

    /**
     * @param backlog told of the listener's pending {@link SessionListener#room} after an outcome, to pause the
     *                client until it completes
     */
    StatementOutcomes(SessionListener listener, SessionInfo session, Consumer<CompletionStage<Void>> backlog) {
        this.listener = listener;
        this.session = session;
        this.backlog = backlog;
    }

    /** A statement was refused (by the policy, or by a reviewer after it was held). */
    void refused(Statement statement, Decision.Deny deny, boolean held) {
        String text = NORMALISING.redact(statement.text()).strip();
        report(new StatementOutcome(text, held ? StatementOutcome.Verdict.HELD_DENIED : StatementOutcome.Verdict.DENIED,
                deny.rule(), Optional.of(deny.sqlState()), 0, ResultDetails.NONE));
    }

    /** A statement's result ended (completed, suspended, or failed with {@code sqlState}). */
    void completed(ResultTracker.Completion completion, long rows, ResultDetails details, Optional<String> sqlState) {
        String text = completion.sql() == null ? UNKNOWN_PORTAL : statementText(completion.sql(),
                completion.statementIndex());
        report(new StatementOutcome(text, completion.verdict(), completion.rule(), sqlState, rows, details));
    }

    private String statementText(String sql, int index) {
        if (!sql.equals(lastSql)) {
            lastStatements = split(NORMALISING.redact(sql));
            lastSql = sql;
        }
        return index < lastStatements.size() ? lastStatements.get(index) : String.join("; ", lastStatements);
    }

    /**
     * The statements of normalised text: split at semicolons outside quoted identifiers (normalised text holds no
     * string constant or comment any more), empty statements dropped as the server drops them.
     */
    static List<String> split(String normalised) {
        List<String> statements = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < normalised.length(); i++) {
            char c = normalised.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                add(statements, normalised.substring(start, i));
                start = i + 1;
            }
        }
        add(statements, normalised.substring(start));
        return statements;
    }

    private static void add(List<String> statements, String statement) {
        String stripped = statement.strip();
        if (!stripped.isEmpty()) {
            statements.add(stripped);
        }
    }

    private void report(StatementOutcome outcome) {
        try {
            listener.statementCompleted(session, outcome);
            CompletionStage<Void> room = listener.room(session);
            if (!room.toCompletableFuture().isDone()) {
                backlog.accept(room);
            }
        } catch (RuntimeException e) {
            log.error("session {}: the session listener failed on a statement outcome", session.sessionId(), e);
        }
    }
}
