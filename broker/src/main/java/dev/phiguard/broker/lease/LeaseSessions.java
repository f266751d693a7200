package dev.phiguard.broker.lease;

import dev.phiguard.broker.lease.LeaseEvent.SessionOpened;
import dev.phiguard.policies.policy.LeaseLimits;
import java.time.Instant;
import java.util.Objects;

/**
 * Session accounting for the proxy's credential port: may one more session open under a lease?
 *
 * <p>A session is admitted only in {@link LeaseState#APPROVED} or {@link LeaseState#ACTIVE}, before
 * {@link Lease#expiresAt()}, once the credential was fetched, and while fewer sessions are open than the smaller of
 * the lease's {@link Lease#maxSessions()} (the policy when it was requested) and the current policy's
 * {@code max_sessions} (a policy tightened since then applies at once; a loosened one does not widen a granted
 * lease). The first session moves the lease from APPROVED to ACTIVE.
 *
 * <p>A session's end is {@link LeaseTransitions#apply}{@code (lease, new SessionClosed(), now)}. When the lease
 * allows one session ({@code max_sessions: 1}), closing it ends the lease as completed, so a one-session lease is
 * also a one-use lease.
 */
public final class LeaseSessions {

    private LeaseSessions() {
    }

    /**
     * Whether a session may open under {@code lease} at {@code now}, and if so the lease that counts it.
     *
     * @param limits the purpose's current lease limits
     */
    public static SessionAdmission admit(Lease lease, LeaseLimits limits, Instant now) {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(now, "now");
        String name = "lease " + lease.id();
        switch (lease.state()) {
            case PENDING -> {
                return refused(SessionAdmission.Reason.NOT_APPROVED, name + " is still waiting for approval");
            }
            case ENDED -> {
                return lease.endReason().orElseThrow() == EndReason.EXPIRED
                        ? refused(SessionAdmission.Reason.EXPIRED, name + " has expired")
                        : refused(SessionAdmission.Reason.LEASE_OVER, name + " has been "
                                + (lease.endReason().orElseThrow() == EndReason.REVOKED ? "revoked" : "completed"));
            }
            case DENIED -> {
                return refused(SessionAdmission.Reason.LEASE_OVER, name + " was denied");
            }
            case EXPIRED -> {
                return refused(SessionAdmission.Reason.LEASE_OVER, name + " was never approved and has timed out");
            }
            case APPROVED, ACTIVE -> {
                // checked below
            }
        }
        if (!now.isBefore(lease.expiresAt().orElseThrow())) {
            return refused(SessionAdmission.Reason.EXPIRED, name + " has expired");
        }
        if (!lease.credentialIssued()) {
            return refused(SessionAdmission.Reason.CREDENTIAL_NOT_ISSUED, name + "'s credential was never fetched");
        }
        int limit = Math.min(lease.maxSessions(), limits.maxSessions());
        if (lease.openSessions() >= limit) {
            return refused(SessionAdmission.Reason.SESSION_LIMIT,
                    name + " already has its maximum of " + limit + " open session(s)");
        }
        return new SessionAdmission.Admitted(LeaseTransitions.apply(lease, new SessionOpened(), now));
    }

    private static SessionAdmission refused(SessionAdmission.Reason reason, String message) {
        return new SessionAdmission.Refused(reason, message);
    }
}
