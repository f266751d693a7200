package dev.phiguard.policies.decision;

/** The rule ids a {@link Verdict.Deny} or {@link Verdict.Hold} names. */
public final class Rules {

    /** The string cannot be analysed, or part of a statement cannot be resolved. */
    public static final String ANALYSIS = "analysis";
    /** The kind of statement (or a property such as row locks or data-modifying WITH) is not allowed. */
    public static final String STATEMENTS = "access.statements";
    /** A relation is not allowed by {@code access.tables}, or is a catalog relation that is never readable. */
    public static final String TABLES = "access.tables";
    /** A column is not allowed by {@code access.tables}, or a table is written whose columns are not all allowed. */
    public static final String COLUMNS = "access.columns";
    /** A function is not on the policy's allow-list, or is never allowed. */
    public static final String FUNCTIONS = "access.functions";
    /** A whole row of a table with masked columns would be returned. */
    public static final String WHOLE_ROW = "masking.whole-row";
    /** A statement that changes data uses a masked column, whose values it could copy where they are not masked. */
    public static final String MASKED_WRITE = "masking.write";
    /** COPY to or from a server file or program. */
    public static final String COPY_TARGET = "copy.target";
    /** COPY ... TO in binary format. */
    public static final String COPY_BINARY = "copy.binary";
    /** A SET or RESET of a parameter that is not harmless. */
    public static final String SESSION_SET = "session.set";
    /** LISTEN: notification payloads come from other sessions and triggers, unmasked. */
    public static final String SESSION_LISTEN = "session.listen";
    /** FETCH, MOVE or CLOSE of a cursor this session did not declare through phiguard. */
    public static final String SESSION_CURSOR = "session.cursor";
    /** EXECUTE of a statement this session did not prepare through phiguard. */
    public static final String SESSION_PREPARED = "session.prepared";
    /** Too many cursors or prepared statements, or names reused too often, in one session. */
    public static final String SESSION_LIMIT = "session.limit";
    /** Hold: a table read or changed without WHERE. */
    public static final String HOLD_NO_WHERE = "hold.no_where";
    /** Hold: more rows than the rule allows cannot be ruled out. */
    public static final String HOLD_ESTIMATED_ROWS = "hold.estimated_rows_above";
    /** Hold: the statement changes data. */
    public static final String HOLD_ANY_WRITE = "hold.any_write";

    private Rules() {
    }
}
