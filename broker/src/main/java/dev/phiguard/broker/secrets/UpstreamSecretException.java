package dev.phiguard.broker.secrets;

import java.util.Objects;

/**
 * An upstream login could not be obtained or released. The message names the target and the cause and is safe to
 * show to a client: it never contains a secret, a token, a statement text or a library's message, and no cause is
 * attached. {@link #reason()} is the machine-readable form; {@link Reason#sqlState()} is the PostgreSQL error code a
 * proxy should send when it fails a connection for this reason.
 */
public final class UpstreamSecretException extends RuntimeException {

    /** Why a login could not be obtained. */
    public enum Reason {
        /** No credential source is configured for the target. */
        UNKNOWN_TARGET("3D000"),
        /** The lease is not known to the source (no end time, no terms). */
        UNKNOWN_LEASE("28000"),
        /** Vault did not answer (connection refused, timeout, TLS failure). */
        VAULT_UNREACHABLE("08001"),
        /** Vault answered 403: the token lacks the policy, or the AppRole login was refused. */
        PERMISSION_DENIED("08001"),
        /** Vault answered 404, or a KV secret is deleted. */
        SECRET_MISSING("08001"),
        /** The secret exists but lacks a configured field, or the field is not a string. */
        FIELD_MISSING("08001"),
        /** Vault answered with a server error or an unexpected response. */
        VAULT_ERROR("08001"),
        /** An environment variable or file of a development source is missing or unreadable. */
        SOURCE_UNREADABLE("08001"),
        /** The per-lease role could not be created; nothing was left behind. */
        ROLE_CREATION_FAILED("08001"),
        /** The per-lease role could not be dropped (it still expires at the lease's end). */
        ROLE_REMOVAL_FAILED("08001"),
        /** The secrets registry has been closed. */
        CLOSED("57P01");

        private final String sqlState;

        Reason(String sqlState) {
            this.sqlState = sqlState;
        }

        /** The SQLSTATE a proxy reports to its client when a connection fails for this reason. */
        public String sqlState() {
            return sqlState;
        }
    }

    private final String target;
    private final Reason reason;

    /**
     * @param target the target's configured name
     * @param reason the machine-readable cause
     * @param detail what failed, in words that never contain a secret
     */
    public UpstreamSecretException(String target, Reason reason, String detail) {
        super("upstream credential for target '" + Objects.requireNonNull(target, "target") + "': "
                + Objects.requireNonNull(detail, "detail"), null, false, false);
        this.target = target;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The target's configured name. */
    public String target() {
        return target;
    }

    public Reason reason() {
        return reason;
    }
}
