package dev.phiguard.policies.sql;

/**
 * What kind of statement PostgreSQL will run, from its leading keywords.
 *
 * <p>Some mappings worth knowing: {@code VALUES} and {@code TABLE t} are {@link #SELECT};
 * {@code SELECT ... INTO t}, {@code CREATE TABLE ... AS}, {@code TRUNCATE}, {@code COMMENT} and
 * {@code REFRESH MATERIALIZED VIEW} are {@link #DDL}; {@code START TRANSACTION} is {@link #BEGIN};
 * {@code END} is {@link #COMMIT}; {@code ABORT} and {@code ROLLBACK TO SAVEPOINT} are
 * {@link #ROLLBACK}; {@code RELEASE SAVEPOINT} is {@link #SAVEPOINT}; {@code VACUUM} and
 * {@code ANALYZE} are {@link #VACUUM_ANALYZE}; {@code CHECKPOINT}, {@code LOAD}, {@code REINDEX},
 * {@code CLUSTER} and two-phase commit commands are {@link #OTHER}.
 */
public enum StatementKind {
    /** SELECT, VALUES, TABLE, and WITH ... SELECT (check {@code tablesWritten} for data-modifying CTEs). */
    SELECT,
    /** INSERT. */
    INSERT,
    /** UPDATE. */
    UPDATE,
    /** DELETE. */
    DELETE,
    /** MERGE. */
    MERGE,
    /** COPY ... TO (STDOUT, a server file or a program). */
    COPY_TO,
    /** COPY ... FROM (STDIN, a server file or a program). */
    COPY_FROM,
    /** CREATE, ALTER, DROP, TRUNCATE, COMMENT, REFRESH, SELECT INTO, SECURITY LABEL, IMPORT FOREIGN SCHEMA. */
    DDL,
    /** DECLARE ... CURSOR FOR query. */
    DECLARE_CURSOR,
    /** FETCH from a cursor. */
    FETCH,
    /** MOVE a cursor. */
    MOVE,
    /** CLOSE a cursor. */
    CLOSE_CURSOR,
    /** PREPARE name AS statement. */
    PREPARE,
    /** EXECUTE a prepared statement. */
    EXECUTE,
    /** DEALLOCATE a prepared statement. */
    DEALLOCATE,
    /** BEGIN or START TRANSACTION. */
    BEGIN,
    /** COMMIT or END. */
    COMMIT,
    /** ROLLBACK, ABORT, ROLLBACK TO SAVEPOINT. */
    ROLLBACK,
    /** SAVEPOINT or RELEASE SAVEPOINT. */
    SAVEPOINT,
    /** SET of a run-time parameter, role, session authorisation, transaction characteristics. */
    SET,
    /** SHOW. */
    SHOW,
    /** RESET. */
    RESET,
    /** LISTEN. */
    LISTEN,
    /** NOTIFY. */
    NOTIFY,
    /** UNLISTEN. */
    UNLISTEN,
    /** DISCARD. */
    DISCARD,
    /** EXPLAIN (see {@link StatementTrait#EXPLAIN_ANALYZE}: EXPLAIN ANALYZE executes the statement). */
    EXPLAIN,
    /** CALL of a procedure. */
    CALL,
    /** DO: an anonymous code block, never analysed. */
    DO,
    /** VACUUM or ANALYZE. */
    VACUUM_ANALYZE,
    /** GRANT or REVOKE. */
    GRANT_REVOKE,
    /** LOCK TABLE. */
    LOCK,
    /** A recognised command without a kind of its own (CHECKPOINT, LOAD, REINDEX, CLUSTER, two-phase commit). */
    OTHER
}
