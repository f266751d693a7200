package dev.phiguard.broker.lease;

import static dev.phiguard.broker.lease.Leases.REQUESTER;
import static dev.phiguard.broker.lease.Leases.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.broker.lease.LeaseRequestRefusedException.Reason;
import dev.phiguard.policies.policy.Policy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeaseRequestsTest {

    private final MutableClock clock = new MutableClock(T0);
    private final LeaseRequests requests = Leases.requests(clock);
    private final Policy policy = Leases.policy();

    private static void assertRefused(ThrowingCallable call, Reason reason, String messagePart) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(LeaseRequestRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.code()).isEqualTo(reason.code());
                })
                .hasMessageContaining(messagePart);
    }

    @Test
    void aRequestBecomesAPendingLeaseWithItsDeadlineAndHash() {
        Lease lease = requests.request(policy, REQUESTER, Optional.of(Duration.ofMinutes(45)), "  nightly extract ");
        assertThat(lease.state()).isEqualTo(LeaseState.PENDING);
        assertThat(lease.version()).isEqualTo(1);
        assertThat(lease.id()).matches("lease-[a-z2-7]{16}");
        assertThat(lease.userName()).isEqualTo(lease.id());
        assertThat(lease.purpose()).isEqualTo("study-42");
        assertThat(lease.target()).isEqualTo("clinic");
        assertThat(lease.requester()).isEqualTo(REQUESTER);
        assertThat(lease.ttl()).isEqualTo(Duration.ofMinutes(45));
        assertThat(lease.reason()).isEqualTo("nightly extract");
        assertThat(lease.createdAt()).isEqualTo(T0);
        assertThat(lease.pendingDeadline()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(lease.approvals()).isEmpty();
        assertThat(lease.approvalsMissing()).isEqualTo(1);
        assertThat(lease.approvedAt()).isEmpty();
        assertThat(lease.expiresAt()).isEmpty();
        assertThat(lease.credentialIssued()).isFalse();
        assertThat(lease.openSessions()).isZero();
        assertThat(lease.maxSessions()).isEqualTo(2);
        assertThat(lease.approvalRule()).isEqualTo(policy.approval());
        assertThat(lease.requestHash()).isEqualTo(RequestHash.of(lease)).matches("[0-9a-f]{64}");
    }

    @Test
    void withoutATtlTheDefaultApplies() {
        Lease lease = requests.request(policy, REQUESTER, Optional.empty(), null);
        assertThat(lease.ttl()).isEqualTo(policy.lease().defaultTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(lease.reason()).isEmpty();
    }

    @Test
    void aTtlAtTheCapIsAcceptedAndAboveItRefusedNotCapped() {
        assertThat(requests.request(policy, REQUESTER, Optional.of(Duration.ofHours(2)), "").ttl())
                .isEqualTo(Duration.ofHours(2));
        assertRefused(() -> requests.request(policy, REQUESTER, Optional.of(Duration.ofHours(2).plusSeconds(1)), ""),
                Reason.TTL_ABOVE_MAX, "TTL 7201s is above the maximum of 2h for purpose study-42; ask for at most 2h"
                        + " (or leave the TTL out for the default of 30m)");
        assertRefused(() -> requests.request(policy, REQUESTER, Optional.of(Duration.ofDays(1)), ""),
                Reason.TTL_ABOVE_MAX, "TTL 1d is above");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT-5M", "PT0.5S", "PT90.25S"})
    void aTtlBelowASecondOrNotWholeSecondsIsRefused(String ttl) {
        assertRefused(() -> requests.request(policy, REQUESTER, Optional.of(Duration.parse(ttl)), ""),
                Reason.TTL_INVALID, "a lease's TTL must be a whole number of seconds, at least 1s");
    }

    @Test
    void aRequesterOutsideTheRulesIsRefused() {
        Principal stranger = Principal.of("local", "intruder", List.of("staff"));
        assertRefused(() -> requests.request(policy, stranger, Optional.empty(), ""), Reason.REQUESTER_NOT_ADMITTED,
                "intruder (local) may not request leases for purpose study-42");
        Principal otherIssuer = new Principal("https://evil.example", "ci-bot", Set.of("ci"), Map.of());
        assertRefused(() -> requests.request(policy, otherIssuer, Optional.empty(), ""),
                Reason.REQUESTER_NOT_ADMITTED, "no requester rule");
    }

    @Test
    void requesterClaimsAreMatched() {
        Policy byRepository = Leases.parse("""
                purpose: study-42
                description: test
                requesters:
                  - issuer: https://token.actions.githubusercontent.com
                    claims:
                      repository: acme/etl
                      ref: refs/heads/main
                approval:
                  required: 1
                  from_groups: [reviewers]
                lease:
                  target: clinic
                access:
                  tables:
                    patients: [patient_id]
                """);
        String gh = "https://token.actions.githubusercontent.com";
        Principal main = new Principal(gh, "repo:acme/etl:ref:refs/heads/main", Set.of(),
                Map.of("repository", "acme/etl", "ref", "refs/heads/main", "run_id", "1"));
        Principal branch = new Principal(gh, "repo:acme/etl:ref:refs/heads/x", Set.of(),
                Map.of("repository", "acme/etl", "ref", "refs/heads/x"));
        assertThat(requests.request(byRepository, main, Optional.empty(), "").requester().claims())
                .containsEntry("run_id", "1");
        assertRefused(() -> requests.request(byRepository, branch, Optional.empty(), ""),
                Reason.REQUESTER_NOT_ADMITTED, "may not request");
    }

    @Test
    void reasonsAreOneLineWithoutControlCharactersAndBounded() {
        assertRefused(() -> requests.request(policy, REQUESTER, Optional.empty(), "line one\nline two"),
                Reason.REASON_INVALID, "control characters (found U+000A at position 9)");
        assertRefused(() -> requests.request(policy, REQUESTER, Optional.empty(), "y".repeat(1001)),
                Reason.REASON_INVALID, "at most 1000 characters");
        assertThat(requests.request(policy, REQUESTER, Optional.empty(), "Ünïcödé is fine ✓").reason())
                .isEqualTo("Ünïcödé is fine ✓");
    }

    @Test
    void idsAreRandomAndWellFormed() {
        Set<String> ids = new HashSet<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 2000; i++) {
            String id = LeaseIds.next(random);
            assertThat(LeaseIds.isValid(id)).as(id).isTrue();
            ids.add(id);
        }
        assertThat(ids).hasSize(2000);
        assertThat(String.join("", ids).replace("lease-", "").chars().distinct().count())
                .as("all 32 base32 characters occur").isEqualTo(32);
        assertThat(LeaseIds.isValid("lease-ABCDEFGHIJKLMNOP")).isFalse();
        assertThat(LeaseIds.isValid("lease-abcdefghijklmno1")).isFalse();
        assertThat(LeaseIds.isValid("lease-abcdefghijklmno")).isFalse();
        assertThat(LeaseIds.isValid(null)).isFalse();
    }

    @Test
    void timestampsAreTruncatedToMicroseconds() {
        clock.set(Instant.parse("2030-01-01T10:00:00.123456789Z"));
        Lease lease = requests.request(policy, REQUESTER, Optional.empty(), "");
        assertThat(lease.createdAt()).isEqualTo(Instant.parse("2030-01-01T10:00:00.123456Z"));
    }

    @Test
    void theStaticFormTakesTheClock() {
        Lease lease = LeaseRequests.request(policy, REQUESTER, Optional.empty(), "r",
                Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(lease.createdAt()).isEqualTo(T0);
    }
}
