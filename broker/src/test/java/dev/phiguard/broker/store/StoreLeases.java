package dev.phiguard.broker.store;

import dev.phiguard.broker.lease.CredentialMinter;
import dev.phiguard.broker.lease.IssuedCredential;
import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseEvent;
import dev.phiguard.broker.lease.LeaseRequests;
import dev.phiguard.broker.lease.LeaseTransitions;
import dev.phiguard.broker.lease.Principal;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.PolicyException;
import dev.phiguard.policies.policy.PolicyLoader;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Leases in every state the lifecycle produces, made by the lease domain itself, for the store tests. */
final class StoreLeases {

    /** Requests are made at T0 (with microseconds, to prove they survive); the pending timeout is 15 minutes. */
    static final Instant T0 = Instant.parse("2030-01-01T10:00:00.123456Z");
    static final Duration TTL = Duration.ofMinutes(30);
    static final Duration PENDING_TIMEOUT = Duration.ofMinutes(15);

    static final Principal REQUESTER = new Principal("https://token.actions.githubusercontent.com", "repo:acme/etl",
            Set.of("ci", "data-team"), Map.of("repository", "acme/etl", "run_id", "4711", "actor", "Zoë \"q\" ü"));
    static final Principal OTHER_REQUESTER = new Principal("local", "ci-other", Set.of("ci"), Map.of());
    static final Principal ALICE = Principal.of("local", "alice", List.of("reviewers"));
    static final Principal BOB = Principal.of("local", "bob", List.of("reviewers", "staff"));
    static final Principal ADMIN = new Principal("local", "admin", Set.of("operators"), Map.of("team", "sec"));

    private static final SecureRandom RANDOM = new SecureRandom();

    private StoreLeases() {
    }

    static Policy policy(String purpose, int required, int maxSessions) {
        String approval = required == 0
                ? "approval:\n  required: 0\n"
                : "approval:\n  required: " + required + "\n  from_groups: [reviewers, security]\n";
        String yaml = """
                purpose: %s
                description: store test policy
                requesters:
                  - issuer: local
                    groups: [ci]
                  - issuer: https://token.actions.githubusercontent.com
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
                """.formatted(purpose, approval, maxSessions);
        try {
            return new PolicyLoader().parse(Path.of(purpose + ".yaml"), yaml);
        } catch (PolicyException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static Lease request(Policy policy, Principal requester, Instant at) {
        return new LeaseRequests(Clock.fixed(at, ZoneOffset.UTC), RANDOM)
                .request(policy, requester, Optional.of(TTL), "nightly extract – \"cohort\" 42");
    }

    /** A pending lease for {@code study-42} that needs one approval, requested at {@code at}. */
    static Lease pending(Instant at) {
        return request(policy("study-42", 1, 2), REQUESTER, at);
    }

    static Lease approve(Lease lease, Principal approver, Optional<String> reason, Instant at) {
        return LeaseTransitions.apply(lease, new LeaseEvent.Approved(approver, reason, lease.requestHash()), at);
    }

    static Lease apply(Lease lease, LeaseEvent event, Instant at) {
        return LeaseTransitions.apply(lease, event, at);
    }

    /** The lease after its credential was fetched, and the credential's verifier. */
    static IssuedCredential issue(Lease approved, Instant at) {
        return new CredentialMinter(RANDOM).issue(approved, at);
    }

    /** One lease per state and shape the lifecycle produces, by name. */
    static Map<String, Lease> everyShape() {
        Instant t1 = T0.plusSeconds(60).plusNanos(1000);
        Instant t2 = T0.plusSeconds(120).plusNanos(987_654_000);
        Map<String, Lease> leases = new LinkedHashMap<>();

        Lease pending = pending(T0);
        leases.put("pending", pending);
        Lease pendingOfTwo = request(policy("study-43", 2, 1), REQUESTER, T0);
        leases.put("pending, 1 of 2 approvals", approve(pendingOfTwo, ALICE, Optional.of("looks fine"), t1));
        leases.put("approved by two", approve(approve(pendingOfTwo, ALICE, Optional.empty(), t1), BOB,
                Optional.of("ok"), t2));
        leases.put("approved automatically", request(policy("study-auto", 0, 3), OTHER_REQUESTER, T0));

        Lease approved = approve(pending, ALICE, Optional.of("approved for the study"), t1);
        leases.put("approved", approved);
        Lease issued = issue(approved, t2).lease();
        leases.put("approved, credential issued", issued);
        Lease active = apply(issued, new LeaseEvent.SessionOpened(), t2);
        leases.put("active, one session", active);
        leases.put("active, two sessions", apply(active, new LeaseEvent.SessionOpened(), t2));
        leases.put("ended completed", apply(active, new LeaseEvent.Completed(), t2.plusSeconds(1)));
        leases.put("ended revoked, session still open",
                apply(active, new LeaseEvent.Revoked(ADMIN, Optional.of("incident 17")), t2.plusSeconds(1)));
        leases.put("ended revoked without reason",
                apply(approved, new LeaseEvent.Revoked(ADMIN, Optional.empty()), t2));
        leases.put("ended expired", apply(active, new LeaseEvent.Expired(), approved.expiresAt().orElseThrow()));
        leases.put("denied", apply(pending, new LeaseEvent.Denied(BOB, "not for this cohort"), t1));
        leases.put("expired while pending",
                apply(pending, new LeaseEvent.PendingTimedOut(), pending.pendingDeadline()));

        Lease single = approve(pendingOfTwo, ALICE, Optional.empty(), t1);
        single = approve(single, BOB, Optional.empty(), t1);
        single = issue(single, t1).lease();
        single = apply(single, new LeaseEvent.SessionOpened(), t1);
        leases.put("single session closed: completed", apply(single, new LeaseEvent.SessionClosed(), t2));
        return leases;
    }
}
