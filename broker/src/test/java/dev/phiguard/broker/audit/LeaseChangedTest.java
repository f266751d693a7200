package dev.phiguard.broker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseEvent;
import dev.phiguard.broker.lease.LeaseRequests;
import dev.phiguard.broker.lease.LeaseState;
import dev.phiguard.broker.lease.LeaseTransitions;
import dev.phiguard.broker.lease.Principal;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.PolicyLoader;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link AuditEvent.LeaseChanged#of}: the audit record of real lease transitions. */
class LeaseChangedTest {

    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final Principal REQUESTER = new Principal("local", "ci-bot", Set.of("ci"),
            Map.of("repository", "acme/etl", "run_id", "4711"));
    private static final Principal ALICE = Principal.of("local", "alice", List.of("reviewers"));
    private static final Principal ADMIN = Principal.of("local", "admin", List.of("operators"));

    @Test
    void transitionsNameTheirActorStatesAndReason() throws Exception {
        Policy policy = new PolicyLoader().parse(Path.of("study-42.yaml"), """
                purpose: study-42
                description: test policy
                requesters:
                  - issuer: local
                    groups: [ci]
                approval:
                  required: 1
                  from_groups: [reviewers]
                lease:
                  target: clinic
                  max_ttl: 2h
                  default_ttl: 30m
                  pending_timeout: 15m
                  max_sessions: 2
                access:
                  tables:
                    patients: [patient_id]
                """);
        Lease pending = new LeaseRequests(Clock.fixed(T0, ZoneOffset.UTC), new SecureRandom())
                .request(policy, REQUESTER, Optional.of(Duration.ofMinutes(30)), "nightly extract");
        LeaseEvent approve = new LeaseEvent.Approved(ALICE, Optional.of("ok"), pending.requestHash());
        Lease approved = LeaseTransitions.apply(pending, approve, T0.plusSeconds(1));
        LeaseEvent revoke = new LeaseEvent.Revoked(ADMIN, Optional.empty());
        Lease revoked = LeaseTransitions.apply(approved, revoke, T0.plusSeconds(2));

        AuditEvent.LeaseChanged requested = AuditEvent.LeaseChanged.of(T0, Optional.empty(), pending,
                new LeaseEvent.Requested());
        assertThat(requested).isEqualTo(new AuditEvent.LeaseChanged(T0, pending.id(), "Requested", Optional.empty(),
                LeaseState.PENDING, Optional.of(REQUESTER), "study-42", REQUESTER, Optional.of("nightly extract")));

        AuditEvent.LeaseChanged approval = AuditEvent.LeaseChanged.of(T0.plusSeconds(1), Optional.of(pending),
                approved, approve);
        assertThat(approval.from()).contains(LeaseState.PENDING);
        assertThat(approval.to()).isEqualTo(LeaseState.APPROVED);
        assertThat(approval.actor()).contains(ALICE);
        assertThat(approval.reason()).contains("ok");
        assertThat(approval.columns().subject()).contains("ci-bot");

        AuditEvent.LeaseChanged revocation = AuditEvent.LeaseChanged.of(T0.plusSeconds(2), Optional.of(approved),
                revoked, revoke);
        assertThat(revocation.actor()).contains(ADMIN);
        assertThat(revocation.event()).isEqualTo("Revoked");
        assertThat(revocation.to()).isEqualTo(LeaseState.ENDED);

        AuditEvent.LeaseChanged expiry = AuditEvent.LeaseChanged.of(T0.plusSeconds(3), Optional.of(approved),
                LeaseTransitions.apply(approved, new LeaseEvent.Expired(), T0.plus(Duration.ofHours(1))),
                new LeaseEvent.Expired());
        assertThat(expiry.actor()).as("the broker itself").isEmpty();
    }
}
