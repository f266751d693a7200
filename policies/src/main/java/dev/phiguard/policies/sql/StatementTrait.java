package dev.phiguard.policies.sql;

/** A property of a statement that its kind alone does not tell. */
public enum StatementTrait {
    /** EXPLAIN with the ANALYZE option: the explained statement is executed. */
    EXPLAIN_ANALYZE,
    /** COPY to or from a file on the database server. */
    COPY_FILE,
    /** COPY to or from a program run on the database server. */
    COPY_PROGRAM,
    /** Results in binary format: a BINARY cursor or COPY in binary format. */
    BINARY,
    /** SELECT ... FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE: takes row locks. */
    ROW_LOCKING,
    /**
     * A WITH clause holds INSERT, UPDATE or DELETE: the statement changes data whatever its own kind
     * says ({@code WITH d AS (DELETE ...) INSERT ...} deletes too).
     */
    DATA_MODIFYING_CTE,
    /** INSERT ... ON CONFLICT DO UPDATE: the insert may update existing rows. */
    UPSERT
}
