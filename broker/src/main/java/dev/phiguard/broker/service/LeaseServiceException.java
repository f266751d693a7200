package dev.phiguard.broker.service;

import java.util.Locale;
import java.util.Objects;

/**
 * A refusal of the {@link LeaseService} itself (the lease domain's own refusals are
 * {@link dev.phiguard.broker.lease.LeaseException}s): nothing was changed. The message is for the caller and holds
 * no secret.
 */
public final class LeaseServiceException extends RuntimeException {

    /** Why. {@link #code()} is the machine-readable form. */
    public enum Code {
        /** No lease with that id. */
        NOT_FOUND,
        /** No policy for the purpose. */
        UNKNOWN_PURPOSE,
        /** The caller may not do this to this lease (e.g. fetch someone else's credential). */
        NOT_ALLOWED,
        /** Concurrent changes won every retry; the caller may try again. */
        CONFLICT,
        /** This node does not serve the lease's target, so no credential can be handed out. */
        TARGET_UNAVAILABLE,
        /** An argument is malformed (a session id too long, ...). */
        BAD_REQUEST;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Code kind;

    public LeaseServiceException(Code code, String message) {
        super(message, null, false, false);
        this.kind = Objects.requireNonNull(code, "code");
    }

    public Code kind() {
        return kind;
    }

    /** The machine-readable code, e.g. {@code not_found}. */
    public String code() {
        return kind.code();
    }
}
