package dev.phiguard.broker.lease;

/**
 * A refused lease operation: the request, approval, fetch or other event was not applied and nothing changed. Each
 * refusal carries a stable machine-readable {@link #code()} for the HTTP API; the message is for humans and never
 * contains a secret.
 */
public abstract class LeaseException extends RuntimeException {

    LeaseException(String message) {
        super(message);
    }

    /** A stable, lower-case, machine-readable code, e.g. {@code self_approval}. */
    public abstract String code();
}
