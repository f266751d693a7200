package dev.phiguard.broker.lease;

import dev.phiguard.broker.lease.IllegalTransitionException.Refusal;
import dev.phiguard.broker.lease.LeaseEvent.Approved;
import dev.phiguard.broker.lease.LeaseEvent.Completed;
import dev.phiguard.broker.lease.LeaseEvent.CredentialIssued;
import dev.phiguard.broker.lease.LeaseEvent.Denied;
import dev.phiguard.broker.lease.LeaseEvent.Expired;
import dev.phiguard.broker.lease.LeaseEvent.PendingTimedOut;
import dev.phiguard.broker.lease.LeaseEvent.Requested;
import dev.phiguard.broker.lease.LeaseEvent.Revoked;
import dev.phiguard.broker.lease.LeaseEvent.SessionClosed;
import dev.phiguard.broker.lease.LeaseEvent.SessionOpened;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The lease lifecycle as one pure function: {@link #apply(Lease, LeaseEvent, Instant)} returns the next lease
 * ({@code version + 1}) or throws an {@link IllegalTransitionException}; it reads no clock, does no I/O and changes
 * nothing it was given.
 *
 * <p>Events each state accepts ({@link #accepts}); anything else is {@link Refusal#WRONG_STATE}:
 * <table>
 *   <caption>accepted events</caption>
 *   <tr><th>state</th><th>events</th></tr>
 *   <tr><td>PENDING</td><td>Approved, Denied, PendingTimedOut</td></tr>
 *   <tr><td>APPROVED</td><td>CredentialIssued, SessionOpened, Revoked, Expired, Completed</td></tr>
 *   <tr><td>ACTIVE</td><td>SessionOpened, SessionClosed, Revoked, Expired, Completed</td></tr>
 *   <tr><td>ENDED</td><td>SessionClosed (a cut session reports its end after the lease ended)</td></tr>
 *   <tr><td>DENIED, EXPIRED</td><td>none</td></tr>
 * </table>
 *
 * <p>Rules within an accepted state:
 * <ul>
 *   <li><b>Deadlines are exclusive</b>: at or after {@link Lease#pendingDeadline()} a pending lease accepts only
 *       {@code PendingTimedOut}; at or after {@link Lease#expiresAt()} a granted lease accepts only {@code Expired}
 *       and {@code SessionClosed}. Before them, the deadline events are refused as {@link Refusal#NOT_DUE}. So a
 *       scheduler that fires late cannot let an approval, a fetch or a session slip through.</li>
 *   <li><b>Approved</b>: the request hash must equal the lease's; the approver must not be the requester (same
 *       issuer and subject), even if in an approval group; must be in one of {@code from_groups}; approves once.
 *       The lease becomes APPROVED, with {@code expiresAt = now + ttl}, when {@code required} approvals are in.</li>
 *   <li><b>Denied</b>: needs a non-blank reason; same eligibility as approving; ends the request at once, whatever
 *       approvals it already had.</li>
 *   <li><b>CredentialIssued</b>: once per lease ({@link CredentialAlreadyFetchedException} after that, also in
 *       ACTIVE, where the credential has necessarily been fetched).</li>
 *   <li><b>SessionOpened</b>: the credential must have been fetched, fewer than {@link Lease#maxSessions()} sessions
 *       open; the first session moves APPROVED to ACTIVE.</li>
 *   <li><b>SessionClosed</b>: needs an open session. When the lease allows a single session
 *       ({@code maxSessions == 1}), closing it ends the lease: COMPLETED, or EXPIRED if it closes at or after
 *       {@code expiresAt}. An ENDED lease keeps counting its sessions down as the proxy cuts them.</li>
 *   <li><b>Revoked</b> and <b>Completed</b> end a granted lease (reason optional for a revocation; whether the
 *       caller may revoke is the API's decision). A pending request cannot be revoked: it is denied or
 *       times out.</li>
 * </ul>
 * Instants recorded on the lease are truncated to microseconds (the store's precision).
 */
public final class LeaseTransitions {

    private static final Map<LeaseState, List<Class<? extends LeaseEvent>>> ACCEPTED = new EnumMap<>(LeaseState.class);

    static {
        ACCEPTED.put(LeaseState.PENDING, List.of(Approved.class, Denied.class, PendingTimedOut.class));
        ACCEPTED.put(LeaseState.APPROVED, List.of(CredentialIssued.class, SessionOpened.class, Revoked.class,
                Expired.class, Completed.class));
        ACCEPTED.put(LeaseState.ACTIVE, List.of(SessionOpened.class, SessionClosed.class, Revoked.class,
                Expired.class, Completed.class));
        ACCEPTED.put(LeaseState.ENDED, List.of(SessionClosed.class));
        ACCEPTED.put(LeaseState.DENIED, List.of());
        ACCEPTED.put(LeaseState.EXPIRED, List.of());
    }

    private LeaseTransitions() {
    }

    /** The event types a state accepts (the rules may still refuse a particular event). */
    public static List<Class<? extends LeaseEvent>> accepts(LeaseState state) {
        return ACCEPTED.get(state);
    }

    /** The names of the event types a state accepts, for messages and API responses. */
    public static List<String> acceptedEventNames(LeaseState state) {
        return accepts(state).stream().map(Class::getSimpleName).toList();
    }

    /**
     * The lease after {@code event} happened at {@code now}.
     *
     * @return a new lease with {@code version + 1}
     * @throws IllegalTransitionException if the event is not valid for the lease now; the lease is unchanged
     */
    public static Lease apply(Lease lease, LeaseEvent event, Instant now) {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(now, "now");
        if (event instanceof CredentialIssued && lease.state().isGranted() && lease.credentialIssued()) {
            throw new CredentialAlreadyFetchedException(lease, event);
        }
        if (!ACCEPTED.get(lease.state()).contains(event.getClass())) {
            throw new IllegalTransitionException(lease, event, Refusal.WRONG_STATE,
                    event instanceof Requested ? "Requested creates a lease and never applies to an existing one" : "");
        }
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        Lease.Draft next = lease.next();
        switch (lease.state()) {
            case PENDING -> pending(lease, event, now, at, next);
            case APPROVED, ACTIVE -> granted(lease, event, now, at, next);
            case ENDED -> sessionClosed(lease, event, now, next);
            default -> throw new AssertionError("terminal state accepted an event: " + lease.state());
        }
        return next.build();
    }

    private static void pending(Lease lease, LeaseEvent event, Instant now, Instant at, Lease.Draft next) {
        boolean deadlinePassed = !now.isBefore(lease.pendingDeadline());
        if (event instanceof PendingTimedOut) {
            if (!deadlinePassed) {
                throw new IllegalTransitionException(lease, event, Refusal.NOT_DUE,
                        "the request stays pending until " + lease.pendingDeadline());
            }
            next.state = LeaseState.EXPIRED;
            next.ending = Optional.of(new Ending(at, Optional.empty(), Optional.empty()));
            return;
        }
        if (deadlinePassed) {
            throw new IllegalTransitionException(lease, event, Refusal.DEADLINE_PASSED,
                    "the request timed out at " + lease.pendingDeadline() + " (only PendingTimedOut is valid now)");
        }
        if (event instanceof Approved approved) {
            approve(lease, approved, at, next);
        } else if (event instanceof Denied denied) {
            deny(lease, denied, at, next);
        }
    }

    private static void approve(Lease lease, Approved approved, Instant at, Lease.Draft next) {
        if (!approved.requestHash().equals(lease.requestHash())) {
            throw new IllegalTransitionException(lease, approved, Refusal.REQUEST_CHANGED,
                    "the approval is for request " + abbreviate(approved.requestHash()) + " but this lease's request"
                            + " is " + abbreviate(lease.requestHash())
                            + "; review the lease as it is and approve again");
        }
        checkReviewer(lease, approved, approved.approver(), "approve");
        if (lease.approvals().stream().anyMatch(a -> a.approver().sameIdentityAs(approved.approver()))) {
            throw new IllegalTransitionException(lease, approved, Refusal.ALREADY_APPROVED,
                    approved.approver().displayName() + " already approved this lease; an approver counts once ("
                            + lease.approvalsMissing() + " more approval(s) from "
                            + String.join(", ", sorted(lease)) + " needed)");
        }
        Optional<String> remark = checkedReason(lease, approved, approved.reason().orElse(null), false);
        next.approvals.add(new Approval(approved.approver(), remark, approved.requestHash(), at));
        if (next.approvals.size() >= lease.approvalRule().required()) {
            next.state = LeaseState.APPROVED;
            next.approvedAt = Optional.of(at);
            next.expiresAt = Optional.of(at.plus(lease.ttl()));
        }
    }

    private static void deny(Lease lease, Denied denied, Instant at, Lease.Draft next) {
        checkReviewer(lease, denied, denied.approver(), "deny");
        Optional<String> why = checkedReason(lease, denied, denied.reason(), true);
        next.state = LeaseState.DENIED;
        next.ending = Optional.of(new Ending(at, Optional.of(denied.approver()), why));
    }

    private static void checkReviewer(Lease lease, LeaseEvent event, Principal reviewer, String verb) {
        if (reviewer.sameIdentityAs(lease.requester())) {
            throw new IllegalTransitionException(lease, event, Refusal.SELF_APPROVAL,
                    "the requester cannot " + verb + " their own lease (" + reviewer.displayName()
                            + "), even as a member of an approval group");
        }
        if (!lease.approvalRule().isEligibleApprover(reviewer.groups())) {
            throw new IllegalTransitionException(lease, event, Refusal.NOT_AN_APPROVER,
                    reviewer.displayName() + " is in none of the approval groups of purpose " + lease.purpose()
                            + " (" + String.join(", ", sorted(lease)) + ")");
        }
    }

    private static void granted(Lease lease, LeaseEvent event, Instant now, Instant at, Lease.Draft next) {
        Instant expiresAt = lease.expiresAt().orElseThrow();
        boolean deadlinePassed = !now.isBefore(expiresAt);
        if (event instanceof SessionClosed) {
            sessionClosed(lease, event, now, next);
            return;
        }
        if (event instanceof Expired) {
            if (!deadlinePassed) {
                throw new IllegalTransitionException(lease, event, Refusal.NOT_DUE,
                        "the lease lives until " + expiresAt);
            }
            end(next, EndReason.EXPIRED, new Ending(at, Optional.empty(), Optional.empty()));
            return;
        }
        if (deadlinePassed) {
            throw new IllegalTransitionException(lease, event, Refusal.DEADLINE_PASSED,
                    "the lease expired at " + expiresAt + " (only Expired and SessionClosed are valid now)");
        }
        if (event instanceof CredentialIssued) {
            next.credentialIssued = true;
        } else if (event instanceof SessionOpened) {
            if (!lease.credentialIssued()) {
                throw new IllegalTransitionException(lease, event, Refusal.CREDENTIAL_NOT_ISSUED,
                        "its credential has not been fetched yet");
            }
            if (lease.openSessions() >= lease.maxSessions()) {
                throw new IllegalTransitionException(lease, event, Refusal.SESSION_LIMIT,
                        "it already has its maximum of " + lease.maxSessions() + " open session(s)");
            }
            next.openSessions = lease.openSessions() + 1;
            next.state = LeaseState.ACTIVE;
        } else if (event instanceof Revoked revoked) {
            Optional<String> why = checkedReason(lease, revoked, revoked.reason().orElse(null), false);
            end(next, EndReason.REVOKED, new Ending(at, Optional.of(revoked.by()), why));
        } else if (event instanceof Completed) {
            end(next, EndReason.COMPLETED, new Ending(at, Optional.empty(), Optional.empty()));
        }
    }

    private static void sessionClosed(Lease lease, LeaseEvent event, Instant now, Lease.Draft next) {
        if (lease.openSessions() == 0) {
            throw new IllegalTransitionException(lease, event, Refusal.NO_OPEN_SESSION,
                    "it has no open session to close");
        }
        next.openSessions = lease.openSessions() - 1;
        if (lease.state() == LeaseState.ACTIVE && lease.maxSessions() == 1) {
            boolean expired = !now.isBefore(lease.expiresAt().orElseThrow());
            end(next, expired ? EndReason.EXPIRED : EndReason.COMPLETED,
                    new Ending(now.truncatedTo(ChronoUnit.MICROS), Optional.empty(), Optional.empty()));
        }
    }

    private static void end(Lease.Draft next, EndReason reason, Ending ending) {
        next.state = LeaseState.ENDED;
        next.endReason = Optional.of(reason);
        next.ending = Optional.of(ending);
    }

    private static Optional<String> checkedReason(Lease lease, LeaseEvent event, String text, boolean required) {
        Optional<String> stripped = Texts.stripped(text);
        if (stripped.isEmpty()) {
            if (required) {
                throw new IllegalTransitionException(lease, event, Refusal.REASON_REQUIRED,
                        "a denial needs a reason, for the requester and the audit trail");
            }
            return stripped;
        }
        Optional<String> problem = Texts.problem(stripped.get());
        if (problem.isPresent()) {
            throw new IllegalTransitionException(lease, event, Refusal.REASON_INVALID, problem.get());
        }
        return stripped;
    }

    private static List<String> sorted(Lease lease) {
        return lease.approvalRule().fromGroups().stream().sorted().toList();
    }

    /** The first 12 hex digits of a hash; the caller's text is not echoed unless it is a well-formed hash. */
    private static String abbreviate(String hash) {
        return hash.matches("[0-9a-f]{64}") ? hash.substring(0, 12) + "..." : "(a malformed hash)";
    }
}
