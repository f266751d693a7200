package dev.phiguard.broker.lease;

import static dev.phiguard.broker.lease.Leases.ALICE;
import static dev.phiguard.broker.lease.Leases.REQUESTER;
import static dev.phiguard.broker.lease.Leases.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The lease constructor refuses what the lifecycle cannot produce, e.g. a corrupted or edited store row. */
class LeaseTest {

    private static final Lease PENDING = Leases.pending(Leases.policy());
    private static final Lease APPROVED = Leases.approve(PENDING, ALICE, T0.plusSeconds(60));

    /** Mutable copy of a lease's components. */
    private static final class Row {
        String id; long version; LeaseState state; Optional<EndReason> endReason; String target; Duration ttl;
        String reason; String requestHash; int maxSessions; Instant pendingDeadline; List<Approval> approvals;
        Optional<Instant> approvedAt; Optional<Instant> expiresAt; boolean credentialIssued; int openSessions;
        Optional<Ending> ending;
        final Lease l;

        Row(Lease l) {
            this.l = l;
            id = l.id(); version = l.version(); state = l.state(); endReason = l.endReason(); target = l.target();
            ttl = l.ttl(); reason = l.reason(); requestHash = l.requestHash(); maxSessions = l.maxSessions();
            pendingDeadline = l.pendingDeadline(); approvals = l.approvals(); approvedAt = l.approvedAt();
            expiresAt = l.expiresAt(); credentialIssued = l.credentialIssued(); openSessions = l.openSessions();
            ending = l.ending();
        }

        Lease build() {
            return new Lease(id, version, state, endReason, l.purpose(), target, l.requester(), ttl, reason,
                    requestHash, l.approvalRule(), maxSessions, l.createdAt(), pendingDeadline, approvals,
                    approvedAt, expiresAt, credentialIssued, openSessions, ending);
        }
    }

    private static Arguments corrupt(String what, Lease lease, UnaryOperator<Row> edit, String message) {
        return Arguments.of(what, lease, edit, message);
    }

    static Stream<Arguments> corruptions() {
        return Stream.of(
                corrupt("bad id", PENDING, r -> { r.id = "lease-XYZ"; return r; }, "id must look like"),
                corrupt("version 0", PENDING, r -> { r.version = 0; return r; }, "version must be at least 1"),
                corrupt("ttl edited after approval", APPROVED, r -> { r.ttl = r.ttl.plusHours(1); return r; },
                        "requestHash does not match"),
                corrupt("target edited", PENDING, r -> { r.target = "prod"; return r; }, "requestHash does not match"),
                corrupt("reason edited", PENDING, r -> { r.reason = "x"; return r; }, "requestHash does not match"),
                corrupt("pending with approval", APPROVED, r -> { r.state = LeaseState.PENDING; return r; },
                        "approvedAt is present exactly once"),
                corrupt("approved without approvals", PENDING, r -> {
                    r.state = LeaseState.APPROVED; r.approvedAt = Optional.of(T0); r.expiresAt = Optional.of(
                            T0.plus(r.ttl)); return r; }, "granted exactly when it has the required approvals"),
                corrupt("expiry moved", APPROVED, r -> { r.expiresAt = Optional.of(T0.plus(Duration.ofDays(1)));
                    return r; }, "expiresAt must be approvedAt + ttl"),
                corrupt("ended without reason", APPROVED, r -> { r.state = LeaseState.ENDED; return r; },
                        "endReason is present exactly when ENDED"),
                corrupt("more sessions than allowed", APPROVED, r -> { r.openSessions = 3; return r; },
                        "openSessions must be between 0 and maxSessions"),
                corrupt("sessions while merely approved", APPROVED, r -> { r.openSessions = 1; return r; },
                        "an APPROVED lease has no session yet"),
                corrupt("active without credential", APPROVED, r -> { r.state = LeaseState.ACTIVE; return r; },
                        "an ACTIVE lease's credential was fetched"),
                corrupt("credential before approval", PENDING, r -> { r.credentialIssued = true; return r; },
                        "never granted has no credential"),
                corrupt("requester approved", APPROVED, r -> { r.approvals = List.of(new Approval(REQUESTER,
                        Optional.empty(), r.requestHash, T0)); return r; }, "the requester cannot be among"),
                corrupt("deadline before creation", PENDING, r -> { r.pendingDeadline = T0.minusSeconds(1); return r; },
                        "pendingDeadline must be after createdAt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void aLeaseTheLifecycleCannotProduceIsRejected(String what, Lease lease, UnaryOperator<Row> edit,
                                                   String message) {
        assertThat(new Row(lease).build()).as("the unedited copy is valid").isEqualTo(lease);
        assertThatThrownBy(() -> edit.apply(new Row(lease)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void principalsAreNormalisedAndComparedByIssuerAndSubject() {
        Principal a = Principal.of("local", "alice", List.of("b", "a"));
        assertThat(a.groups()).containsExactly("a", "b");
        assertThat(a.sameIdentityAs(Principal.of("local", "alice", List.of()))).isTrue();
        assertThat(a.sameIdentityAs(Principal.of("other", "alice", List.of("a")))).isFalse();
        assertThatThrownBy(() -> Principal.of("local", " ", List.of())).hasMessageContaining("subject");
    }
}
