package dev.phiguard.broker.audit;

/**
 * The audit log's database could not do what was asked (unreachable, schema missing, a lock not granted in time).
 * The message names the operation and the SQL state, never an event's content. A failed append wrote nothing.
 */
public final class AuditStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AuditStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuditStoreException(String message) {
        super(message);
    }
}
