package dev.phiguard.broker.lease;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything that can happen to a lease. {@link LeaseTransitions#apply} turns a lease and an event into the next
 * lease, or refuses. The events carry only what the caller asserts (who, why, which request); the rules that judge
 * them live in the transition function. Free text (reasons) is checked there too, so that bad text is refused like
 * any other illegal transition.
 */
public sealed interface LeaseEvent {

    /** The event's name as used in messages and audit records: the record's simple name. */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * A lease was requested. It creates a lease ({@link LeaseRequests}) and is therefore never valid on an existing
     * lease; it exists so that the audit trail and the transition table name the first step too.
     */
    record Requested() implements LeaseEvent {
    }

    /**
     * A reviewer approves.
     *
     * @param approver    the reviewer; must be in one of the policy's {@code from_groups}, must not be the requester,
     *                    approves once
     * @param reason      optional remark
     * @param requestHash the {@link Lease#requestHash()} the reviewer saw; refused when it differs
     */
    record Approved(Principal approver, Optional<String> reason, String requestHash) implements LeaseEvent {
        public Approved {
            Objects.requireNonNull(approver, "approver");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(requestHash, "requestHash");
        }
    }

    /**
     * A reviewer refuses; the request ends ({@link LeaseState#DENIED}).
     *
     * @param approver the reviewer (same eligibility as for approving)
     * @param reason   why; must not be blank
     */
    record Denied(Principal approver, String reason) implements LeaseEvent {
        public Denied {
            Objects.requireNonNull(approver, "approver");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The requester fetched the credential: it was minted and its plaintext handed out. Valid once per lease
     * (see {@link CredentialMinter#issue}); the verifier is stored beside the lease, not in it.
     */
    record CredentialIssued() implements LeaseEvent {
    }

    /** The proxy admitted a session with the lease's credential (see {@link LeaseSessions#admit}). */
    record SessionOpened() implements LeaseEvent {
    }

    /** A proxy session of the lease ended. */
    record SessionClosed() implements LeaseEvent {
    }

    /**
     * Someone ended a granted lease by hand; its sessions are cut.
     *
     * @param by     who revoked (whether they may is the API's decision)
     * @param reason optional reason
     */
    record Revoked(Principal by, Optional<String> reason) implements LeaseEvent {
        public Revoked {
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The lease's time to live ran out ({@link Lease#expiresAt()} reached). */
    record Expired() implements LeaseEvent {
    }

    /** Nobody decided before {@link Lease#pendingDeadline()}. */
    record PendingTimedOut() implements LeaseEvent {
    }

    /** The requester is done with the lease (e.g. the command run under {@code phiguard lease} exited). */
    record Completed() implements LeaseEvent {
    }
}
