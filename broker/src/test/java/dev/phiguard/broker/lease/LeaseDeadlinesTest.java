package dev.phiguard.broker.lease;

import static dev.phiguard.broker.lease.Leases.ADMIN;
import static dev.phiguard.broker.lease.Leases.ALICE;
import static dev.phiguard.broker.lease.Leases.REQUESTER;
import static dev.phiguard.broker.lease.Leases.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.broker.lease.IllegalTransitionException.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseDeadlinesTest {

    private final MutableClock clock = new MutableClock(T0);
    private final LeaseRequests requests = Leases.requests(clock);

    /** What a scheduler does when it wakes: fire whatever is due, at the clock's time. */
    private Lease tick(Lease lease) {
        return LeaseDeadlines.dueEvent(lease, clock.instant())
                .map(event -> LeaseTransitions.apply(lease, event, clock.instant()))
                .orElse(lease);
    }

    @Test
    void aPendingRequestTimesOutExactlyAtItsDeadline() {
        Lease lease = requests.request(Leases.policy(), REQUESTER, Optional.empty(), "");
        Instant deadline = T0.plus(Duration.ofMinutes(15));
        assertThat(LeaseDeadlines.nextDeadline(lease)).contains(deadline);

        clock.set(deadline.minusNanos(1000));
        assertThat(LeaseDeadlines.dueEvent(lease, clock.instant())).isEmpty();
        assertThat(tick(lease)).isSameAs(lease);
        assertThatThrownBy(() -> LeaseTransitions.apply(lease, new LeaseEvent.PendingTimedOut(), clock.instant()))
                .isInstanceOfSatisfying(IllegalTransitionException.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.NOT_DUE))
                .hasMessageContaining("stays pending until " + deadline);

        clock.set(deadline);
        assertThat(LeaseDeadlines.dueEvent(lease, clock.instant()))
                .containsInstanceOf(LeaseEvent.PendingTimedOut.class);
        Lease expired = tick(lease);
        assertThat(expired.state()).isEqualTo(LeaseState.EXPIRED);
        assertThat(expired.ending().orElseThrow().at()).isEqualTo(deadline);
        assertThat(LeaseDeadlines.nextDeadline(expired)).isEmpty();
        assertThat(LeaseDeadlines.dueEvent(expired, deadline.plusSeconds(3600))).isEmpty();
    }

    @Test
    void aLateSchedulerStillExpiresAndNothingSlipsThroughMeanwhile() {
        Lease lease = requests.request(Leases.policy(), REQUESTER, Optional.empty(), "");
        clock.set(T0.plus(Duration.ofHours(5))); // the broker was down for hours
        assertThatThrownBy(() -> Leases.approve(lease, ALICE, clock.instant()))
                .isInstanceOfSatisfying(IllegalTransitionException.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.DEADLINE_PASSED));
        assertThat(tick(lease).state()).isEqualTo(LeaseState.EXPIRED);
    }

    @Test
    void aGrantedLeaseExpiresTtlAfterApprovalUsedOrNot() {
        Lease lease = requests.request(Leases.policy(), REQUESTER, Optional.of(Duration.ofMinutes(20)), "");
        clock.advance(Duration.ofMinutes(3));
        Instant approvedAt = clock.instant();
        Lease approved = Leases.approve(lease, ALICE, approvedAt);
        Instant expiry = approvedAt.plus(Duration.ofMinutes(20));
        assertThat(approved.expiresAt()).contains(expiry);
        assertThat(LeaseDeadlines.nextDeadline(approved)).contains(expiry);

        // never used: still expires
        clock.set(expiry.minusSeconds(1));
        assertThat(tick(approved)).isSameAs(approved);
        clock.set(expiry);
        Lease unused = tick(approved);
        assertThat(unused.state()).isEqualTo(LeaseState.ENDED);
        assertThat(unused.endReason()).contains(EndReason.EXPIRED);

        // in use: expires with its sessions open; they are counted down as the proxy cuts them
        clock.set(approvedAt.plusSeconds(10));
        Lease active = LeaseTransitions.apply(LeaseTransitions.apply(approved, new LeaseEvent.CredentialIssued(),
                clock.instant()), new LeaseEvent.SessionOpened(), clock.instant());
        assertThat(LeaseDeadlines.nextDeadline(active)).contains(expiry);
        clock.set(expiry.plusMillis(300));
        Lease ended = tick(active);
        assertThat(ended.state()).isEqualTo(LeaseState.ENDED);
        assertThat(ended.endReason()).contains(EndReason.EXPIRED);
        assertThat(ended.openSessions()).isEqualTo(1);
        assertThat(ended.ending().orElseThrow().at()).isEqualTo(expiry.plusMillis(300));
        Lease cut = LeaseTransitions.apply(ended, new LeaseEvent.SessionClosed(), clock.instant());
        assertThat(cut.openSessions()).isZero();
        assertThat(cut.endReason()).contains(EndReason.EXPIRED);
    }

    @Test
    void dueEventsAlwaysApplyAndNothingIsDueForEndedLeases() {
        Lease lease = requests.request(Leases.policy(), REQUESTER, Optional.empty(), "");
        Lease approved = Leases.approve(lease, ALICE, T0.plusSeconds(1));
        Lease revoked = LeaseTransitions.apply(approved, new LeaseEvent.Revoked(ADMIN, Optional.empty()),
                T0.plusSeconds(2));
        assertThat(LeaseDeadlines.nextDeadline(revoked)).isEmpty();
        assertThat(LeaseDeadlines.dueEvent(revoked, T0.plus(Duration.ofDays(1)))).isEmpty();

        List<Lease> leases = new ArrayList<>(List.of(lease, approved));
        for (Lease l : leases) {
            Instant deadline = LeaseDeadlines.nextDeadline(l).orElseThrow();
            for (Instant at : List.of(deadline, deadline.plusSeconds(1), deadline.plus(Duration.ofDays(3)))) {
                LeaseEvent due = LeaseDeadlines.dueEvent(l, at).orElseThrow();
                assertThat(LeaseTransitions.apply(l, due, at).state().isTerminal()).isTrue();
            }
        }
    }
}
