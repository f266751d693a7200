package dev.phiguard.broker.audit;

/** What became of a statement, as the audit log records it. */
public enum StatementDecision {
    /** The policy allowed it; it ran. */
    ALLOWED,
    /** The policy denied it; it did not run. */
    DENIED,
    /** The policy held it for a reviewer, who approved; it ran. */
    HELD_APPROVED,
    /** The policy held it for a reviewer, who refused (or did not answer in time); it did not run. */
    HELD_DENIED
}
