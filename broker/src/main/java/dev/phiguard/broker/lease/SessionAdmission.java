package dev.phiguard.broker.lease;

import java.util.Locale;
import java.util.Objects;

/** The answer of {@link LeaseSessions#admit}: a session may open (and the lease after it), or why not. */
public sealed interface SessionAdmission {

    /** The session may open; {@link #lease()} counts it (and is ACTIVE) and must be stored. */
    record Admitted(Lease lease) implements SessionAdmission {
        public Admitted {
            Objects.requireNonNull(lease, "lease");
        }
    }

    /**
     * The session may not open. The message may be shown to the client (it proved it holds the credential) and
     * contains no secret.
     */
    record Refused(Reason reason, String message) implements SessionAdmission {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Why a session was refused; the proxy adapter maps these to SQLSTATEs (28000, 53300). */
    enum Reason {
        /** The lease is still waiting for approval. */
        NOT_APPROVED,
        /** The lease is over: ended (revoked, completed), denied or timed out while pending. */
        LEASE_OVER,
        /** The lease's TTL ran out (whether or not the expiry was processed yet). */
        EXPIRED,
        /** The credential was never fetched, so nobody can hold it. */
        CREDENTIAL_NOT_ISSUED,
        /** As many sessions as allowed are open. */
        SESSION_LIMIT;

        /** The machine-readable code, e.g. {@code session_limit}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
