package dev.phiguard.broker.audit;

/**
 * An {@link AuditWriter} could not take an event because its queue stayed full for the whole wait (the database is
 * slow or down). The event was not recorded; the caller must treat the action as unaudited, i.e. refuse it (fail
 * closed), rather than carry on.
 */
public final class AuditQueueFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AuditQueueFullException(String message) {
        super(message);
    }
}
