package dev.phiguard.proxy.session;

import dev.phiguard.proxy.port.ResultSource;
import dev.phiguard.proxy.port.StatementOutcome;
import dev.phiguard.proxy.wire.Bind;
import dev.phiguard.proxy.wire.Close;
import dev.phiguard.proxy.wire.Describe;
import dev.phiguard.proxy.wire.Execute;
import dev.phiguard.proxy.wire.Frame;
import dev.phiguard.proxy.wire.MessageType;
import dev.phiguard.proxy.wire.Parse;
import dev.phiguard.proxy.wire.Query;
import dev.phiguard.proxy.wire.RowDescription;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Knows, for every row the server sends, which statement produced it and how its columns were described —
 * also when the description came in an earlier exchange (a prepared statement executed again without
 * Describe, as pgjdbc does past its prepare threshold).
 *
 * <p>The client side reports every message it forwards; replies that need a statement (descriptions, rows,
 * completions) are matched, in order, against a queue of what the client asked for. After an error in an
 * extended-protocol batch the server skips to Sync, and so does the queue. Used only when rows are being
 * rewritten: in pass-through mode the proxy does not track anything.
 */
final class ResultTracker {

    /** What the gate decided on a Query or Parse, for the outcomes of its results. */
    private static class Judged {
        StatementOutcome.Verdict verdict = StatementOutcome.Verdict.ALLOWED;
        Optional<String> rule = Optional.empty();

        /** Whether the statement did not run (its outcome was reported when it was refused). */
        boolean refused() {
            return verdict == StatementOutcome.Verdict.DENIED || verdict == StatementOutcome.Verdict.HELD_DENIED;
        }
    }

    /** A prepared statement: its SQL and, once described, its result columns (null: not described yet). */
    private static final class Prepared extends Judged {
        final String sql;
        RowDescription description;
        boolean noData;

        Prepared(String sql) {
            this.sql = sql;
        }
    }

    /** A bound portal. */
    private record Portal(Prepared statement, List<Short> resultFormats) {}

    /** What the client asked for that a later reply answers. */
    private sealed interface Expected {}

    private record DescribeStatement(Prepared statement) implements Expected {}

    private record DescribePortal(Portal portal) implements Expected {}

    private record ExecutePortal(Portal portal) implements Expected {}

    private static final class SimpleQuery extends Judged implements Expected {
        final String sql;
        int statementIndex;
        RowDescription description;

        SimpleQuery(String sql) {
            this.sql = sql;
        }
    }

    /** A Sync or a FunctionCall: ends a batch with ReadyForQuery. */
    private record BatchEnd() implements Expected {}

    private static final BatchEnd BATCH_END = new BatchEnd();

    /** The result now streaming: where its rows come from. */
    record CurrentResult(ResultSource source, RowDescription description) {}

    /**
     * The statement whose result is ending, for its outcome.
     *
     * @param sql            a Query's whole string or a Parse's statement; null for a portal the proxy did not bind
     * @param statementIndex which statement of {@code sql}
     */
    record Completion(String sql, int statementIndex, StatementOutcome.Verdict verdict, Optional<String> rule) {}

    private final Map<String, Prepared> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    private final ArrayDeque<Expected> expected = new ArrayDeque<>();
    /** The Query or Parse of the message just reported, until the gate's decision on it is known. */
    private Judged latest;

    // ---- what the client sent (in forwarding order) ----

    void clientMessage(Frame frame) {
        latest = null;
        switch (frame.type()) {
            case MessageType.QUERY -> {
                SimpleQuery query = new SimpleQuery(Query.decode(frame.body()).sql());
                expected.add(query);
                latest = query;
            }
            case MessageType.PARSE -> {
                Parse parse = Parse.decode(frame.body());
                Prepared prepared = new Prepared(parse.sql());
                statements.put(parse.statementName(), prepared);
                latest = prepared;
            }
            case MessageType.BIND -> {
                Bind bind = Bind.decode(frame.body());
                Prepared statement = statements.get(bind.statementName());
                if (statement != null) {
                    portals.put(bind.portal(), new Portal(statement, List.copyOf(bind.resultFormats())));
                } else {
                    portals.remove(bind.portal());
                }
            }
            case MessageType.DESCRIBE -> {
                Describe describe = Describe.decode(frame.body());
                if (describe.kind() == Describe.STATEMENT) {
                    expected.add(new DescribeStatement(statements.get(describe.name())));
                } else {
                    expected.add(new DescribePortal(portals.get(describe.name())));
                }
            }
            case MessageType.EXECUTE -> expected.add(new ExecutePortal(portals.get(Execute.decode(frame.body()).portal())));
            case MessageType.CLOSE -> {
                Close close = Close.decode(frame.body());
                if (close.kind() == Close.STATEMENT) {
                    statements.remove(close.name());
                } else {
                    portals.remove(close.name());
                }
            }
            case MessageType.SYNC, MessageType.FUNCTION_CALL -> expected.add(BATCH_END);
            default -> { }
        }
    }

    /**
     * The gate decided on the Query or Parse just reported (a no-op for other messages). A refused statement's
     * results report no outcome: its outcome was reported when it was refused.
     */
    void decided(StatementOutcome.Verdict verdict, Optional<String> rule) {
        if (latest != null) {
            latest.verdict = verdict;
            latest.rule = rule;
            latest = null;
        }
    }

    // ---- what the server replied ----

    /**
     * The statement whose result is ending now (call before {@link #resultEnded} or {@link #error}), or null when
     * no outcome is due: the statement was refused (already reported), or the reply does not end an execution.
     */
    Completion completing() {
        Expected head = expected.peek();
        if (head instanceof SimpleQuery q) {
            return q.refused() ? null : new Completion(q.sql, q.statementIndex, q.verdict, q.rule);
        }
        if (head instanceof ExecutePortal e) {
            if (e.portal() == null) {
                return new Completion(null, 0, StatementOutcome.Verdict.ALLOWED, Optional.empty());
            }
            Prepared statement = e.portal().statement();
            return statement.refused() ? null
                    : new Completion(statement.sql, 0, statement.verdict, statement.rule);
        }
        return null;
    }

    /** A RowDescription arrived: remember it where it belongs. */
    void rowDescription(RowDescription description) {
        Expected head = expected.peek();
        if (head instanceof DescribeStatement d) {
            expected.poll();
            if (d.statement() != null) {
                d.statement().description = description;
                d.statement().noData = false;
            }
        } else if (head instanceof DescribePortal d) {
            expected.poll();
            if (d.portal() != null) {
                d.portal().statement().description = description;
            }
        } else if (head instanceof SimpleQuery q) {
            q.description = description;
        }
    }

    /** NoData answered a Describe. */
    void noData() {
        Expected head = expected.peek();
        if (head instanceof DescribeStatement d) {
            expected.poll();
            if (d.statement() != null) {
                d.statement().noData = true;
            }
        } else if (head instanceof DescribePortal) {
            expected.poll();
        }
    }

    /**
     * Where the rows now arriving come from, or null when the proxy cannot tell (the caller then refuses the
     * rows: fail closed).
     */
    CurrentResult currentResult() {
        Expected head = expected.peek();
        if (head instanceof SimpleQuery q) {
            return q.description == null ? null
                    : new CurrentResult(new ResultSource(q.sql, q.statementIndex, formatsOf(q.description)),
                            q.description);
        }
        if (head instanceof ExecutePortal e && e.portal() != null && e.portal().statement().description != null) {
            Portal portal = e.portal();
            return new CurrentResult(new ResultSource(portal.statement().sql, 0, portal.resultFormats()),
                    portal.statement().description);
        }
        return null;
    }

    /**
     * The formats of a simple Query's rows: the ones its RowDescription names, which are binary for a FETCH from a
     * cursor declared BINARY (there is no Bind to say so). Empty when every column is text.
     */
    private static List<Short> formatsOf(RowDescription description) {
        List<Short> formats = new ArrayList<>(description.fields().size());
        boolean binary = false;
        for (RowDescription.Field field : description.fields()) {
            formats.add(field.formatCode());
            binary |= field.formatCode() != ResultSource.TEXT;
        }
        return binary ? formats : List.of();
    }

    /** The statement whose COPY TO is starting (no description: COPY columns are not described). */
    CurrentResult currentCopy() {
        Expected head = expected.peek();
        if (head instanceof SimpleQuery q) {
            return new CurrentResult(ResultSource.ofQuery(q.sql, q.statementIndex), null);
        }
        if (head instanceof ExecutePortal e && e.portal() != null) {
            return new CurrentResult(new ResultSource(e.portal().statement().sql, 0, List.of()), null);
        }
        return null;
    }

    /** CommandComplete, EmptyQueryResponse or PortalSuspended: the current result ended. */
    void resultEnded() {
        Expected head = expected.peek();
        if (head instanceof ExecutePortal) {
            expected.poll();
        } else if (head instanceof SimpleQuery q) {
            q.statementIndex++;
            q.description = null;
        }
    }

    /** The server reported an error: skip what it will skip. */
    void error() {
        Expected head = expected.peek();
        if (head instanceof SimpleQuery) {
            return; // the Query ends with ReadyForQuery; nothing else of it runs
        }
        while (!expected.isEmpty() && !(expected.peek() instanceof BatchEnd)) {
            expected.poll();
        }
    }

    /** ReadyForQuery: the batch or query at the head is over. */
    void ready() {
        while (!expected.isEmpty()) {
            Expected head = expected.poll();
            if (head instanceof BatchEnd || head instanceof SimpleQuery) {
                return;
            }
        }
    }
}
