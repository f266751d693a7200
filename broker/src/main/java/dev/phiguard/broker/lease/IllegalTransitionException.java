package dev.phiguard.broker.lease;

import java.util.List;
import java.util.Objects;

/**
 * An event that the lease cannot take now: the state does not accept it, or the state does but a rule refuses it
 * (self-approval, changed request, deadline passed, ...). Thrown by {@link LeaseTransitions#apply}; the lease is
 * unchanged. The message says which lease, in which state, which event, why, and what would be valid.
 */
public class IllegalTransitionException extends LeaseException {

    /** Why the event was refused. */
    public enum Refusal {
        /** The state does not accept this event at all. */
        WRONG_STATE,
        /** A deadline event arrived before its deadline. */
        NOT_DUE,
        /** The lease's deadline has passed: only the deadline's event (and session bookkeeping) is valid. */
        DEADLINE_PASSED,
        /** The approval names a request hash other than the lease's: the reviewer saw something else. */
        REQUEST_CHANGED,
        /** The requester tried to approve or deny their own lease. */
        SELF_APPROVAL,
        /** The reviewer is in none of the policy's approval groups. */
        NOT_AN_APPROVER,
        /** The reviewer already approved this lease. */
        ALREADY_APPROVED,
        /** A reason is required (denial) and none was given. */
        REASON_REQUIRED,
        /** A reason is too long or contains control characters. */
        REASON_INVALID,
        /** The credential was fetched before; it is shown only once. */
        CREDENTIAL_ALREADY_FETCHED,
        /** A session cannot open before the credential was fetched. */
        CREDENTIAL_NOT_ISSUED,
        /** The lease already has its maximum number of open sessions. */
        SESSION_LIMIT,
        /** A session closed but the lease has none open. */
        NO_OPEN_SESSION;

        /** The machine-readable code, e.g. {@code self_approval}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String leaseId;
    private final LeaseState from;
    private final String event;
    private final Refusal refusal;
    private final List<String> validEvents;

    IllegalTransitionException(Lease lease, LeaseEvent event, Refusal refusal, String why) {
        super(message(lease, event, refusal, why));
        this.leaseId = lease.id();
        this.from = lease.state();
        this.event = event.name();
        this.refusal = Objects.requireNonNull(refusal, "refusal");
        this.validEvents = LeaseTransitions.acceptedEventNames(lease.state());
    }

    private static String message(Lease lease, LeaseEvent event, Refusal refusal, String why) {
        String head = "lease " + lease.id() + " is " + lease.state() + ": ";
        if (refusal != Refusal.WRONG_STATE) {
            return head + event.name() + " refused: " + why;
        }
        List<String> valid = LeaseTransitions.acceptedEventNames(lease.state());
        String tail = valid.isEmpty()
                ? "a " + lease.state() + " lease accepts no events"
                : "valid in " + lease.state() + ": " + String.join(", ", valid);
        return head + event.name() + " is not valid there" + (why.isEmpty() ? "" : " (" + why + ")") + "; " + tail;
    }

    /** The lease the event was meant for. */
    public String leaseId() {
        return leaseId;
    }

    /** The state the lease was (and still is) in. */
    public LeaseState from() {
        return from;
    }

    /** The refused event's name, e.g. {@code Approved}. */
    public String event() {
        return event;
    }

    /** Why it was refused. */
    public Refusal refusal() {
        return refusal;
    }

    /** The events the lease's state accepts (the rules may still refuse them). */
    public List<String> validEvents() {
        return validEvents;
    }

    @Override
    public String code() {
        return refusal.code();
    }
}
