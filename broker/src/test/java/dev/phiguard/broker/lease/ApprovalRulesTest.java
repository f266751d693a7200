package dev.phiguard.broker.lease;

import static dev.phiguard.broker.lease.Leases.ALICE;
import static dev.phiguard.broker.lease.Leases.BOB;
import static dev.phiguard.broker.lease.Leases.CAROL;
import static dev.phiguard.broker.lease.Leases.MALLORY;
import static dev.phiguard.broker.lease.Leases.REQUESTER;
import static dev.phiguard.broker.lease.Leases.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.broker.lease.IllegalTransitionException.Refusal;
import dev.phiguard.broker.lease.LeaseEvent.Approved;
import dev.phiguard.broker.lease.LeaseEvent.Denied;
import dev.phiguard.policies.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApprovalRulesTest {

    private static final Instant NOW = T0.plus(Duration.ofMinutes(2));

    /** Two of reviewers/security must approve. */
    private static final Policy TWO_OF = Leases.policy(2, List.of("reviewers", "security"), 2);

    private static Approved approval(Principal approver, Lease lease) {
        return new Approved(approver, Optional.empty(), lease.requestHash());
    }

    private static void assertRefused(ThrowingCallable call, Refusal refusal, String messagePart) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(IllegalTransitionException.class,
                        e -> assertThat(e.refusal()).isEqualTo(refusal))
                .hasMessageContaining(messagePart);
    }

    @Test
    void theRequesterCannotApproveTheirOwnLeaseEvenWhenInTheApprovalGroup() {
        Policy selfReview = Leases.policy(1, List.of("ci"), 2); // the requester is in group ci
        Lease lease = Leases.pending(selfReview);
        assertThat(selfReview.approval().isEligibleApprover(REQUESTER.groups())).isTrue();

        assertRefused(() -> LeaseTransitions.apply(lease, approval(REQUESTER, lease), NOW), Refusal.SELF_APPROVAL,
                "the requester cannot approve their own lease");
        // the same identity with other groups and claims (another token) is still the requester
        Principal sameSubjectOtherToken = new Principal("local", "ci-bot", Set.of("ci", "reviewers"), Map.of());
        assertRefused(() -> LeaseTransitions.apply(lease, approval(sameSubjectOtherToken, lease), NOW),
                Refusal.SELF_APPROVAL, "ci-bot");
    }

    @Test
    void theSameSubjectFromAnotherIssuerIsAnotherIdentity() {
        Policy selfReview = Leases.policy(1, List.of("ci"), 2);
        Lease lease = Leases.pending(selfReview);
        Principal namesake = Principal.of("https://token.actions.githubusercontent.com", "ci-bot", List.of("ci"));
        assertThat(LeaseTransitions.apply(lease, approval(namesake, lease), NOW).state())
                .isEqualTo(LeaseState.APPROVED);
    }

    @Test
    void theRequesterCannotDenyTheirOwnLeaseEither() {
        Lease lease = Leases.pending(Leases.policy(1, List.of("ci"), 2));
        assertRefused(() -> LeaseTransitions.apply(lease, new Denied(REQUESTER, "never mind"), NOW),
                Refusal.SELF_APPROVAL, "cannot deny their own lease");
    }

    @Test
    void anApproverOutsideTheGroupsIsRefused() {
        Lease lease = Leases.pending(Leases.policy());
        assertRefused(() -> LeaseTransitions.apply(lease, approval(MALLORY, lease), NOW), Refusal.NOT_AN_APPROVER,
                "mallory (local) is in none of the approval groups of purpose study-42 (reviewers)");
        assertRefused(() -> LeaseTransitions.apply(lease, new Denied(MALLORY, "no"), NOW), Refusal.NOT_AN_APPROVER,
                "mallory");
    }

    @Test
    void anApproverApprovesOnce() {
        Lease lease = Leases.pending(TWO_OF);
        Lease once = LeaseTransitions.apply(lease, approval(ALICE, lease), NOW);
        assertThat(once.state()).isEqualTo(LeaseState.PENDING);
        assertThat(once.approvalsMissing()).isEqualTo(1);

        assertRefused(() -> LeaseTransitions.apply(once, approval(ALICE, once), NOW.plusSeconds(1)),
                Refusal.ALREADY_APPROVED, "alice (local) already approved this lease");
        // another token of alice's (other groups) is still alice
        Principal aliceAgain = Principal.of("local", "alice", List.of("security"));
        assertRefused(() -> LeaseTransitions.apply(once, approval(aliceAgain, once), NOW.plusSeconds(1)),
                Refusal.ALREADY_APPROVED, "1 more approval(s) from reviewers, security needed");
    }

    @Test
    void twoOfThreeEligibleReviewersGrantTheLease() {
        Lease lease = Leases.pending(TWO_OF);
        Lease first = LeaseTransitions.apply(lease, approval(ALICE, lease), NOW);
        assertThat(first.state()).isEqualTo(LeaseState.PENDING);
        assertThat(first.approvedAt()).isEmpty();
        assertThat(first.expiresAt()).isEmpty();
        assertThat(first.version()).isEqualTo(2);

        Instant second = NOW.plusSeconds(30);
        Lease granted = LeaseTransitions.apply(first, new Approved(CAROL, Optional.of("  looks right "),
                first.requestHash()), second);
        assertThat(granted.state()).isEqualTo(LeaseState.APPROVED);
        assertThat(granted.version()).isEqualTo(3);
        assertThat(granted.approvals()).extracting(Approval::approver).containsExactly(ALICE, CAROL);
        assertThat(granted.approvals().get(1).reason()).contains("looks right");
        assertThat(granted.approvals()).allSatisfy(a -> assertThat(a.requestHash()).isEqualTo(lease.requestHash()));
        assertThat(granted.approvedAt()).contains(second);
        assertThat(granted.expiresAt()).as("expiry counts from the last required approval")
                .contains(second.plus(Leases.TTL));

        // the third eligible reviewer is too late: the lease is no longer pending
        assertRefused(() -> LeaseTransitions.apply(granted, approval(BOB, granted), second.plusSeconds(1)),
                Refusal.WRONG_STATE, "is APPROVED: Approved is not valid there");
    }

    @Test
    void requiredZeroApprovesAtRequest() {
        MutableClock clock = new MutableClock(T0);
        Lease lease = Leases.requests(clock).request(Leases.policy(0, List.of(), 2), REQUESTER, Optional.empty(), "");
        assertThat(lease.state()).isEqualTo(LeaseState.APPROVED);
        assertThat(lease.version()).isEqualTo(1);
        assertThat(lease.approvals()).isEmpty();
        assertThat(lease.approvedAt()).contains(T0);
        assertThat(lease.expiresAt()).contains(T0.plus(Duration.ofMinutes(30)));
        assertThat(LeaseDeadlines.nextDeadline(lease)).contains(T0.plus(Duration.ofMinutes(30)));
    }

    @Test
    void anApprovalOfADifferentRequestHashIsRefused() {
        Lease lease = Leases.pending(Leases.policy());
        Lease sameFieldsOtherTtl = Leases.requests(new MutableClock(T0))
                .request(Leases.policy(), REQUESTER, Optional.of(Duration.ofHours(2)), "nightly extract");
        String otherHash = RequestHash.of(lease.id(), lease.purpose(), lease.target(), Duration.ofHours(2),
                REQUESTER, lease.reason());
        assertRefused(() -> LeaseTransitions.apply(lease, new Approved(ALICE, Optional.empty(), otherHash), NOW),
                Refusal.REQUEST_CHANGED, "the approval is for request " + otherHash.substring(0, 12));
        assertRefused(() -> LeaseTransitions.apply(lease, approval(ALICE, sameFieldsOtherTtl), NOW),
                Refusal.REQUEST_CHANGED, "review the lease as it is");
        assertRefused(() -> LeaseTransitions.apply(lease, new Approved(ALICE, Optional.empty(), "\u001b[2J"), NOW),
                Refusal.REQUEST_CHANGED, "(a malformed hash)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t \n"})
    void aDenialNeedsAReason(String reason) {
        Lease lease = Leases.pending(Leases.policy());
        assertRefused(() -> LeaseTransitions.apply(lease, new Denied(ALICE, reason), NOW), Refusal.REASON_REQUIRED,
                "a denial needs a reason");
    }

    @Test
    void aDenialEndsTheRequestWhateverApprovalsItHad() {
        Lease lease = Leases.pending(TWO_OF);
        Lease half = LeaseTransitions.apply(lease, approval(ALICE, lease), NOW);
        Lease denied = LeaseTransitions.apply(half, new Denied(CAROL, " wrong study "), NOW.plusSeconds(5));
        assertThat(denied.state()).isEqualTo(LeaseState.DENIED);
        assertThat(denied.ending().orElseThrow().reason()).contains("wrong study");
        assertThat(denied.ending().orElseThrow().by()).contains(CAROL);
        assertThat(denied.approvals()).hasSize(1);
        assertThat(LeaseDeadlines.nextDeadline(denied)).isEmpty();
    }

    @Test
    void approvalsAfterADenialOrATimeoutAreRefused() {
        Lease lease = Leases.pending(Leases.policy());
        Lease denied = LeaseTransitions.apply(lease, new Denied(BOB, "no"), NOW);
        assertRefused(() -> LeaseTransitions.apply(denied, approval(ALICE, denied), NOW.plusSeconds(1)),
                Refusal.WRONG_STATE, "a DENIED lease accepts no events");

        Instant deadline = lease.pendingDeadline();
        assertRefused(() -> LeaseTransitions.apply(lease, approval(ALICE, lease), deadline),
                Refusal.DEADLINE_PASSED, "the request timed out at " + deadline);
        Lease timedOut = LeaseTransitions.apply(lease, new LeaseEvent.PendingTimedOut(), deadline);
        assertRefused(() -> LeaseTransitions.apply(timedOut, approval(ALICE, timedOut), deadline),
                Refusal.WRONG_STATE, "a EXPIRED lease accepts no events");
    }

    @Test
    void reasonsWithControlCharactersOrTooLongAreRefused() {
        Lease lease = Leases.pending(Leases.policy());
        assertRefused(() -> LeaseTransitions.apply(lease, new Denied(ALICE, "ok\u001b[31m red"), NOW),
                Refusal.REASON_INVALID, "U+001B at position 3");
        assertRefused(() -> LeaseTransitions.apply(lease, new Approved(ALICE, Optional.of("x".repeat(1001)),
                lease.requestHash()), NOW), Refusal.REASON_INVALID, "at most 1000 characters");
        assertThat(LeaseTransitions.apply(lease, new Approved(ALICE, Optional.of("x".repeat(1000)),
                lease.requestHash()), NOW).state()).isEqualTo(LeaseState.APPROVED);
    }

    @Test
    void aPendingRequestCannotBeRevokedOrCompleted() {
        Lease lease = Leases.pending(Leases.policy());
        assertRefused(() -> LeaseTransitions.apply(lease, new LeaseEvent.Revoked(ALICE, Optional.empty()), NOW),
                Refusal.WRONG_STATE, "valid in PENDING: Approved, Denied, PendingTimedOut");
    }
}
