package dev.phiguard.broker.audit;

/** The kinds of {@link AuditEvent}, as stored in the log's {@code event_type} column and used in searches. */
public enum AuditEventType {
    /** {@link AuditEvent.LeaseChanged}. */
    LEASE,
    /** {@link AuditEvent.CredentialFetched}. */
    CREDENTIAL,
    /** {@link AuditEvent.SessionOpened}. */
    SESSION_OPENED,
    /** {@link AuditEvent.SessionClosed}. */
    SESSION_CLOSED,
    /** {@link AuditEvent.StatementExecuted}. */
    STATEMENT
}
