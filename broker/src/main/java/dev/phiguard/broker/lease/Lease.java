package dev.phiguard.broker.lease;

import dev.phiguard.policies.policy.ApprovalRule;
import dev.phiguard.policies.policy.LeaseLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One lease, as an immutable value: what was asked, what the policy said at the time, and where it stands. A new
 * lease comes from {@link LeaseRequests}; every later version from {@link LeaseTransitions#apply}, with
 * {@link #version()} one higher. The store persists every component and rebuilds the lease through this
 * constructor, which rejects any combination the lifecycle cannot produce; its optimistic concurrency compares
 * {@link #version()}.
 *
 * <p>The lease holds no secret: the credential's verifier is stored beside it (see {@link CredentialMinter}), so a
 * lease may be logged, audited and serialised to API responses as it is.
 *
 * @param id               {@code lease-} + 16 base32 characters ({@link LeaseIds}); also the credential's user name
 * @param version          1 for a new lease, +1 per transition
 * @param state            where the lease is
 * @param endReason        why it ended; present exactly when {@code state} is {@link LeaseState#ENDED}
 * @param purpose          the policy's purpose
 * @param target           the database target the lease reaches (the policy's {@code lease.target})
 * @param requester        who asked
 * @param ttl              how long the lease lives once approved (within the policy's {@code max_ttl}); whole seconds
 * @param reason           the requester's reason, stripped; may be empty
 * @param requestHash      {@link RequestHash} of the request fields; approvals must name it
 * @param approvalRule     the policy's approval rule when the lease was requested (a later policy edit does not
 *                         change what a pending request needs)
 * @param maxSessions      the policy's {@code max_sessions} when the lease was requested: sessions open at once
 * @param createdAt        when it was requested
 * @param pendingDeadline  {@code createdAt + pending_timeout}: a request still pending then expires
 * @param approvals        the approvals so far, in order
 * @param approvedAt       when it became {@link LeaseState#APPROVED} (the last required approval, or at request
 *                         when no approval is required)
 * @param expiresAt        {@code approvedAt + ttl}: the lease ends then, whether or not it was ever used
 * @param credentialIssued whether the credential was fetched (it is shown once)
 * @param openSessions     proxy sessions open now
 * @param ending           how it reached a terminal state; present exactly when the state is terminal
 */
public record Lease(String id, long version, LeaseState state, Optional<EndReason> endReason,
                    String purpose, String target, Principal requester, Duration ttl, String reason,
                    String requestHash, ApprovalRule approvalRule, int maxSessions,
                    Instant createdAt, Instant pendingDeadline, List<Approval> approvals,
                    Optional<Instant> approvedAt, Optional<Instant> expiresAt,
                    boolean credentialIssued, int openSessions, Optional<Ending> ending) {

    public Lease {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(endReason, "endReason");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(approvalRule, "approvalRule");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(pendingDeadline, "pendingDeadline");
        approvals = List.copyOf(approvals);
        Objects.requireNonNull(approvedAt, "approvedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(ending, "ending");

        check(LeaseIds.isValid(id), "id must look like lease-<16 base32 characters>");
        check(version >= 1, "version must be at least 1");
        check(!purpose.isBlank() && !target.isBlank(), "purpose and target must not be blank");
        check(ttl.compareTo(LeaseRequests.MIN_TTL) >= 0 && ttl.getNano() == 0,
                "ttl must be whole seconds, at least 1s");
        check(maxSessions >= 1 && maxSessions <= LeaseLimits.LIMIT_MAX_SESSIONS,
                "maxSessions must be between 1 and " + LeaseLimits.LIMIT_MAX_SESSIONS);
        check(pendingDeadline.isAfter(createdAt), "pendingDeadline must be after createdAt");
        check(requestHash.equals(RequestHash.of(id, purpose, target, ttl, requester, reason)),
                "requestHash does not match the request fields");
        check(approvals.stream().allMatch(a -> a.requestHash().equals(requestHash)),
                "every approval must name the lease's requestHash");
        check(approvals.stream().noneMatch(a -> a.approver().sameIdentityAs(requester)),
                "the requester cannot be among the approvers");
        check(approvals.stream().map(a -> a.approver().issuer() + '\0' + a.approver().subject()).distinct().count()
                == approvals.size(), "an approver may approve only once");
        check(openSessions >= 0 && openSessions <= maxSessions, "openSessions must be between 0 and maxSessions");
        check(endReason.isPresent() == (state == LeaseState.ENDED), "endReason is present exactly when ENDED");
        check(ending.isPresent() == state.isTerminal(), "ending is present exactly in a terminal state");
        check(approvedAt.isPresent() == expiresAt.isPresent(), "approvedAt and expiresAt go together");
        check(approvedAt.isEmpty() || expiresAt.get().equals(approvedAt.get().plus(ttl)),
                "expiresAt must be approvedAt + ttl");
        boolean granted = state.isGranted() || state == LeaseState.ENDED;
        check(approvedAt.isPresent() == granted, "approvedAt is present exactly once the lease was granted");
        check(granted == (approvals.size() >= approvalRule.required()),
                "a lease is granted exactly when it has the required approvals");
        check(granted || (!credentialIssued && openSessions == 0),
                "a lease that was never granted has no credential and no session");
        check(state != LeaseState.APPROVED || openSessions == 0, "an APPROVED lease has no session yet");
        check(state != LeaseState.ACTIVE || credentialIssued, "an ACTIVE lease's credential was fetched");
        check(state != LeaseState.DENIED || ending.get().by().isPresent() && ending.get().reason().isPresent(),
                "a denial names who denied and why");
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("invalid lease: " + message);
        }
    }

    /** The proxy user name of the lease's credential: the lease id itself. */
    public String userName() {
        return id;
    }

    /** The approvals still missing before the lease is granted (0 once granted). */
    public int approvalsMissing() {
        return Math.max(0, approvalRule.required() - approvals.size());
    }

    /** A mutable copy with {@code version + 1}, for {@link LeaseTransitions}. */
    Draft next() {
        return new Draft(this);
    }

    /** The components of the next version of a lease, set one by one, then validated by {@link #build()}. */
    static final class Draft {
        private final Lease from;
        LeaseState state;
        Optional<EndReason> endReason;
        List<Approval> approvals;
        Optional<Instant> approvedAt;
        Optional<Instant> expiresAt;
        boolean credentialIssued;
        int openSessions;
        Optional<Ending> ending;

        private Draft(Lease from) {
            this.from = from;
            state = from.state;
            endReason = from.endReason;
            approvals = new ArrayList<>(from.approvals);
            approvedAt = from.approvedAt;
            expiresAt = from.expiresAt;
            credentialIssued = from.credentialIssued;
            openSessions = from.openSessions;
            ending = from.ending;
        }

        Lease build() {
            return new Lease(from.id, from.version + 1, state, endReason, from.purpose, from.target, from.requester,
                    from.ttl, from.reason, from.requestHash, from.approvalRule, from.maxSessions, from.createdAt,
                    from.pendingDeadline, approvals, approvedAt, expiresAt, credentialIssued, openSessions, ending);
        }
    }
}
