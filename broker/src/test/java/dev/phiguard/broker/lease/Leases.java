package dev.phiguard.broker.lease;

import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.PolicyException;
import dev.phiguard.policies.policy.PolicyLoader;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Policies (parsed by the real loader), principals and leases in every state, for the lease tests. */
final class Leases {

    static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    static final Duration PENDING_TIMEOUT = Duration.ofMinutes(15);
    static final Duration TTL = Duration.ofMinutes(30);

    static final Principal REQUESTER = new Principal("local", "ci-bot", java.util.Set.of("ci"),
            Map.of("repository", "acme/etl", "run_id", "4711"));
    static final Principal ALICE = Principal.of("local", "alice", List.of("reviewers"));
    static final Principal BOB = Principal.of("local", "bob", List.of("reviewers", "staff"));
    static final Principal CAROL = Principal.of("local", "carol", List.of("security"));
    static final Principal MALLORY = Principal.of("local", "mallory", List.of("staff"));
    static final Principal ADMIN = Principal.of("local", "admin", List.of("operators"));

    private Leases() {
    }

    /** A policy for purpose {@code study-42} with the given approval and lease sections. */
    static Policy policy(int required, List<String> fromGroups, int maxSessions) {
        String approval = required == 0
                ? "approval:\n  required: 0\n"
                : "approval:\n  required: " + required + "\n  from_groups: [" + String.join(", ", fromGroups) + "]\n";
        return parse("""
                purpose: study-42
                description: test policy
                requesters:
                  - issuer: local
                    groups: [ci]
                %slease:
                  target: clinic
                  max_ttl: 2h
                  default_ttl: 30m
                  pending_timeout: 15m
                  max_sessions: %d
                access:
                  tables:
                    patients: [patient_id]
                """.formatted(approval, maxSessions));
    }

    /** One approval from {@code reviewers}, two sessions. */
    static Policy policy() {
        return policy(1, List.of("reviewers"), 2);
    }

    static Policy parse(String yaml) {
        try {
            return new PolicyLoader().parse(Path.of("study-42.yaml"), yaml);
        } catch (PolicyException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static LeaseRequests requests(MutableClock clock) {
        return new LeaseRequests(clock, new SecureRandom());
    }

    /** A pending lease requested at {@link #T0} with a 30 minute TTL. */
    static Lease pending(Policy policy) {
        return requests(new MutableClock(T0)).request(policy, REQUESTER, Optional.of(TTL), "nightly extract");
    }

    static Lease approve(Lease lease, Principal approver, Instant at) {
        return LeaseTransitions.apply(lease, new LeaseEvent.Approved(approver, Optional.empty(), lease.requestHash()),
                at);
    }

    static Lease apply(Lease lease, LeaseEvent event, Instant at) {
        return LeaseTransitions.apply(lease, event, at);
    }
}
