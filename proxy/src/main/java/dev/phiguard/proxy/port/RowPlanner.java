package dev.phiguard.proxy.port;

import dev.phiguard.proxy.wire.RowDescription;

/**
 * Chooses, for every result set, how its rows leave the proxy. Called on the session's event loop once per
 * result (a simple-protocol statement, or an Execute of a portal), before its first row; the plan then sees
 * each DataRow of that result. The proxy keeps track of which statement and which description each result
 * belongs to, also when the client relies on a description it obtained earlier (a server-side prepared
 * statement executed again without Describe).
 */
@FunctionalInterface
public interface RowPlanner {

    /**
     * The plan for one result set.
     *
     * @param session     the session
     * @param source      which statement produced the result, and the column formats the client asked for
     * @param description the result's columns as the server described them
     * @throws RuntimeException to refuse the result: the proxy then ends the session (fail closed)
     */
    RowPlan plan(SessionInfo session, ResultSource source, RowDescription description);

    /**
     * The plan for the rows of a {@code COPY ... TO STDOUT} in text format. The server does not describe
     * COPY columns, only their number; the proxy hands each row to the plan as a DataRow of text values.
     *
     * @throws RuntimeException to refuse the COPY (the default): the proxy then ends the session
     */
    default RowPlan planCopy(SessionInfo session, ResultSource source, int columnCount) {
        throw new UnsupportedOperationException("COPY TO is not available while results are being rewritten");
    }

    /**
     * Every row leaves as it came: the pass-through mode. The proxy recognises it by identity and then does
     * not even decode row descriptions.
     */
    RowPlanner PASS_THROUGH = (session, source, description) -> RowPlan.PASS_THROUGH;

    static RowPlanner passThrough() {
        return PASS_THROUGH;
    }
}
