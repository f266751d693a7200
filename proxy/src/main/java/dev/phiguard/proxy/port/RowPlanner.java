package dev.phiguard.proxy.port;

import dev.phiguard.proxy.wire.RowDescription;

/**
 * Chooses, for every result set the server describes, how its rows leave the proxy. Called on the
 * session's event loop once per RowDescription; the plan then sees each DataRow of that result.
 */
@FunctionalInterface
public interface RowPlanner {

    RowPlan plan(SessionInfo session, RowDescription description);

    /**
     * Every row leaves as it came: the pass-through mode. The proxy recognises it by identity and then does
     * not even decode row descriptions.
     */
    RowPlanner PASS_THROUGH = (session, description) -> RowPlan.PASS_THROUGH;

    static RowPlanner passThrough() {
        return PASS_THROUGH;
    }
}
