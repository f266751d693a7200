package dev.phiguard.broker.lease;

import static dev.phiguard.broker.lease.Leases.ADMIN;
import static dev.phiguard.broker.lease.Leases.ALICE;
import static dev.phiguard.broker.lease.Leases.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.broker.lease.SessionAdmission.Admitted;
import dev.phiguard.broker.lease.SessionAdmission.Reason;
import dev.phiguard.broker.lease.SessionAdmission.Refused;
import dev.phiguard.policies.policy.LeaseLimits;
import dev.phiguard.policies.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseSessionsTest {

    private static final Instant APPROVED_AT = T0.plusSeconds(60);
    private static final Instant NOW = APPROVED_AT.plusSeconds(30);

    private static Lease fetched(Policy policy) {
        Lease approved = Leases.approve(Leases.pending(policy), ALICE, APPROVED_AT);
        return LeaseTransitions.apply(approved, new LeaseEvent.CredentialIssued(), APPROVED_AT.plusSeconds(1));
    }

    private static Lease admitted(SessionAdmission admission) {
        assertThat(admission).isInstanceOf(Admitted.class);
        return ((Admitted) admission).lease();
    }

    private static void assertRefused(SessionAdmission admission, Reason reason, String message) {
        assertThat(admission).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(reason);
            assertThat(refused.message()).contains(message);
        });
    }

    @Test
    void theFirstSessionActivatesTheLeaseAndTheLimitHolds() {
        Policy policy = Leases.policy();
        LeaseLimits limits = policy.lease();
        Lease lease = fetched(policy);
        Lease one = admitted(LeaseSessions.admit(lease, limits, NOW));
        assertThat(one.state()).isEqualTo(LeaseState.ACTIVE);
        assertThat(one.openSessions()).isEqualTo(1);
        assertThat(one.version()).isEqualTo(lease.version() + 1);
        Lease two = admitted(LeaseSessions.admit(one, limits, NOW));
        assertThat(two.openSessions()).isEqualTo(2);
        assertRefused(LeaseSessions.admit(two, limits, NOW), Reason.SESSION_LIMIT,
                "already has its maximum of 2 open session(s)");

        // closing one makes room again; the lease stays ACTIVE with more than one session allowed
        Lease closed = LeaseTransitions.apply(two, new LeaseEvent.SessionClosed(), NOW);
        assertThat(closed.state()).isEqualTo(LeaseState.ACTIVE);
        assertThat(admitted(LeaseSessions.admit(closed, limits, NOW)).openSessions()).isEqualTo(2);
        Lease idle = LeaseTransitions.apply(closed, new LeaseEvent.SessionClosed(), NOW);
        assertThat(idle.state()).isEqualTo(LeaseState.ACTIVE);
        assertThat(idle.openSessions()).isZero();
    }

    @Test
    void aPolicyTightenedAfterApprovalAppliesAndALoosenedOneDoesNot() {
        Lease two = fetched(Leases.policy(1, List.of("reviewers"), 2));
        Lease one = admitted(LeaseSessions.admit(two, Leases.policy().lease(), NOW));
        assertRefused(LeaseSessions.admit(one, Leases.policy(1, List.of("reviewers"), 1).lease(), NOW),
                Reason.SESSION_LIMIT, "maximum of 1");
        Lease full = admitted(LeaseSessions.admit(one, Leases.policy().lease(), NOW));
        assertRefused(LeaseSessions.admit(full, Leases.policy(1, List.of("reviewers"), 10).lease(), NOW),
                Reason.SESSION_LIMIT, "maximum of 2");
    }

    @Test
    void withOneSessionPerLeaseClosingItCompletesTheLease() {
        Policy single = Leases.policy(1, List.of("reviewers"), 1);
        Lease lease = admitted(LeaseSessions.admit(fetched(single), single.lease(), NOW));
        Lease done = LeaseTransitions.apply(lease, new LeaseEvent.SessionClosed(), NOW.plusSeconds(60));
        assertThat(done.state()).isEqualTo(LeaseState.ENDED);
        assertThat(done.endReason()).contains(EndReason.COMPLETED);
        assertThat(done.openSessions()).isZero();
        assertThat(done.ending().orElseThrow().at()).isEqualTo(NOW.plusSeconds(60));
        assertRefused(LeaseSessions.admit(done, single.lease(), NOW.plusSeconds(61)), Reason.LEASE_OVER,
                "has been completed");
    }

    @Test
    void sessionsAreRefusedOutsideTheGrantedWindow() {
        Policy policy = Leases.policy();
        LeaseLimits limits = policy.lease();
        Lease pending = Leases.pending(policy);
        assertRefused(LeaseSessions.admit(pending, limits, NOW), Reason.NOT_APPROVED, "still waiting for approval");

        Lease approved = Leases.approve(pending, ALICE, APPROVED_AT);
        assertRefused(LeaseSessions.admit(approved, limits, NOW), Reason.CREDENTIAL_NOT_ISSUED, "never fetched");

        Lease fetched = fetched(policy);
        Instant expiry = fetched.expiresAt().orElseThrow();
        assertThat(LeaseSessions.admit(fetched, limits, expiry.minusNanos(1000))).isInstanceOf(Admitted.class);
        assertRefused(LeaseSessions.admit(fetched, limits, expiry), Reason.EXPIRED, "has expired");

        Lease revoked = LeaseTransitions.apply(fetched, new LeaseEvent.Revoked(ADMIN, Optional.of("x")), NOW);
        assertRefused(LeaseSessions.admit(revoked, limits, NOW), Reason.LEASE_OVER, "has been revoked");
        Lease expired = LeaseTransitions.apply(fetched, new LeaseEvent.Expired(), expiry);
        assertRefused(LeaseSessions.admit(expired, limits, expiry), Reason.EXPIRED, "has expired");
        Lease denied = LeaseTransitions.apply(pending, new LeaseEvent.Denied(ALICE, "no"), NOW);
        assertRefused(LeaseSessions.admit(denied, limits, NOW), Reason.LEASE_OVER, "was denied");
        Lease timedOut = LeaseTransitions.apply(pending, new LeaseEvent.PendingTimedOut(),
                pending.pendingDeadline().plus(Duration.ofMinutes(1)));
        assertRefused(LeaseSessions.admit(timedOut, limits, NOW), Reason.LEASE_OVER, "timed out");
        assertThat(Reason.SESSION_LIMIT.code()).isEqualTo("session_limit");
    }
}
