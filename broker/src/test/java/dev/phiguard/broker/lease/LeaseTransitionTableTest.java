package dev.phiguard.broker.lease;

import static dev.phiguard.broker.lease.Leases.ADMIN;
import static dev.phiguard.broker.lease.Leases.ALICE;
import static dev.phiguard.broker.lease.Leases.BOB;
import static dev.phiguard.broker.lease.Leases.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.phiguard.broker.lease.IllegalTransitionException.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every (state, event) pair, each at two instants: well before the lease's deadline, and exactly at it. Each state
 * appears in the variants that change the answer (credential fetched or not, sessions open, one-session policy).
 */
class LeaseTransitionTableTest {

    private static final Instant APPROVED_AT = T0.plus(Duration.ofMinutes(1));
    private static final Instant PENDING_DEADLINE = T0.plus(Leases.PENDING_TIMEOUT);
    private static final Instant EXPIRES = APPROVED_AT.plus(Leases.TTL);

    /** A lease in a given state, and the two instants its row is tried at. */
    enum Fixture {
        PENDING(LeaseState.PENDING, () -> Leases.pending(Leases.policy()), T0.plusSeconds(90), PENDING_DEADLINE),
        APPROVED(LeaseState.APPROVED, Fixture::approved, APPROVED_AT.plusSeconds(60), EXPIRES),
        APPROVED_FETCHED(LeaseState.APPROVED, () -> fetched(approved()), APPROVED_AT.plusSeconds(60), EXPIRES),
        ACTIVE(LeaseState.ACTIVE, () -> opened(fetched(approved())), APPROVED_AT.plusSeconds(60), EXPIRES),
        ACTIVE_FULL(LeaseState.ACTIVE, () -> opened(opened(fetched(approved()))), APPROVED_AT.plusSeconds(60),
                EXPIRES),
        ACTIVE_SINGLE(LeaseState.ACTIVE, () -> opened(fetched(Leases.approve(
                Leases.pending(Leases.policy(1, List.of("reviewers"), 1)), ALICE, APPROVED_AT))),
                APPROVED_AT.plusSeconds(60), EXPIRES),
        ENDED(LeaseState.ENDED, () -> Leases.apply(endedWithSession(), new LeaseEvent.SessionClosed(),
                APPROVED_AT.plusSeconds(40)), APPROVED_AT.plusSeconds(60), EXPIRES.plus(Duration.ofHours(1))),
        ENDED_WITH_SESSION(LeaseState.ENDED, Fixture::endedWithSession, APPROVED_AT.plusSeconds(60),
                EXPIRES.plus(Duration.ofHours(1))),
        DENIED(LeaseState.DENIED, () -> Leases.apply(Leases.pending(Leases.policy()),
                new LeaseEvent.Denied(ALICE, "not this week"), APPROVED_AT), APPROVED_AT.plusSeconds(60),
                EXPIRES.plus(Duration.ofHours(1))),
        EXPIRED(LeaseState.EXPIRED, () -> Leases.apply(Leases.pending(Leases.policy()),
                new LeaseEvent.PendingTimedOut(), PENDING_DEADLINE), PENDING_DEADLINE.plusSeconds(60),
                EXPIRES.plus(Duration.ofHours(1)));

        final LeaseState state;
        final Supplier<Lease> lease;
        final Instant before;
        final Instant atDeadline;

        Fixture(LeaseState state, Supplier<Lease> lease, Instant before, Instant atDeadline) {
            this.state = state;
            this.lease = lease;
            this.before = before;
            this.atDeadline = atDeadline;
        }

        private static Lease approved() {
            return Leases.approve(Leases.pending(Leases.policy()), ALICE, APPROVED_AT);
        }

        private static Lease fetched(Lease lease) {
            return Leases.apply(lease, new LeaseEvent.CredentialIssued(), APPROVED_AT.plusSeconds(10));
        }

        private static Lease opened(Lease lease) {
            return Leases.apply(lease, new LeaseEvent.SessionOpened(), APPROVED_AT.plusSeconds(20));
        }

        private static Lease endedWithSession() {
            return Leases.apply(opened(fetched(approved())), new LeaseEvent.Revoked(ADMIN, Optional.of("incident")),
                    APPROVED_AT.plusSeconds(30));
        }
    }

    /** One event of each type, valid in content (eligible reviewer, right hash, a reason). */
    private static final List<Function<Lease, LeaseEvent>> EVENTS = List.of(
            lease -> new LeaseEvent.Requested(),
            lease -> new LeaseEvent.Approved(BOB, Optional.of("fine"), lease.requestHash()),
            lease -> new LeaseEvent.Denied(BOB, "not this week"),
            lease -> new LeaseEvent.CredentialIssued(),
            lease -> new LeaseEvent.SessionOpened(),
            lease -> new LeaseEvent.SessionClosed(),
            lease -> new LeaseEvent.Revoked(ADMIN, Optional.of("incident")),
            lease -> new LeaseEvent.Expired(),
            lease -> new LeaseEvent.PendingTimedOut(),
            lease -> new LeaseEvent.Completed());

    /*
     * expected: a state (ENDED/<reason> for ENDED) or !<refusal>; "before" is well before the deadline, "at" is the
     * deadline instant (pending deadline for PENDING, expiry for granted leases).
     */
    private static final String TABLE = """
            # fixture          event             before                     at deadline
            PENDING            Requested         !WRONG_STATE               !WRONG_STATE
            PENDING            Approved          APPROVED                   !DEADLINE_PASSED
            PENDING            Denied            DENIED                     !DEADLINE_PASSED
            PENDING            CredentialIssued  !WRONG_STATE               !WRONG_STATE
            PENDING            SessionOpened     !WRONG_STATE               !WRONG_STATE
            PENDING            SessionClosed     !WRONG_STATE               !WRONG_STATE
            PENDING            Revoked           !WRONG_STATE               !WRONG_STATE
            PENDING            Expired           !WRONG_STATE               !WRONG_STATE
            PENDING            PendingTimedOut   !NOT_DUE                   EXPIRED
            PENDING            Completed         !WRONG_STATE               !WRONG_STATE

            APPROVED           Requested         !WRONG_STATE               !WRONG_STATE
            APPROVED           Approved          !WRONG_STATE               !WRONG_STATE
            APPROVED           Denied            !WRONG_STATE               !WRONG_STATE
            APPROVED           CredentialIssued  APPROVED                   !DEADLINE_PASSED
            APPROVED           SessionOpened     !CREDENTIAL_NOT_ISSUED     !DEADLINE_PASSED
            APPROVED           SessionClosed     !WRONG_STATE               !WRONG_STATE
            APPROVED           Revoked           ENDED/REVOKED              !DEADLINE_PASSED
            APPROVED           Expired           !NOT_DUE                   ENDED/EXPIRED
            APPROVED           PendingTimedOut   !WRONG_STATE               !WRONG_STATE
            APPROVED           Completed         ENDED/COMPLETED            !DEADLINE_PASSED

            APPROVED_FETCHED   Requested         !WRONG_STATE               !WRONG_STATE
            APPROVED_FETCHED   Approved          !WRONG_STATE               !WRONG_STATE
            APPROVED_FETCHED   Denied            !WRONG_STATE               !WRONG_STATE
            APPROVED_FETCHED   CredentialIssued  !CREDENTIAL_ALREADY_FETCHED !CREDENTIAL_ALREADY_FETCHED
            APPROVED_FETCHED   SessionOpened     ACTIVE                     !DEADLINE_PASSED
            APPROVED_FETCHED   SessionClosed     !WRONG_STATE               !WRONG_STATE
            APPROVED_FETCHED   Revoked           ENDED/REVOKED              !DEADLINE_PASSED
            APPROVED_FETCHED   Expired           !NOT_DUE                   ENDED/EXPIRED
            APPROVED_FETCHED   PendingTimedOut   !WRONG_STATE               !WRONG_STATE
            APPROVED_FETCHED   Completed         ENDED/COMPLETED            !DEADLINE_PASSED

            ACTIVE             Requested         !WRONG_STATE               !WRONG_STATE
            ACTIVE             Approved          !WRONG_STATE               !WRONG_STATE
            ACTIVE             Denied            !WRONG_STATE               !WRONG_STATE
            ACTIVE             CredentialIssued  !CREDENTIAL_ALREADY_FETCHED !CREDENTIAL_ALREADY_FETCHED
            ACTIVE             SessionOpened     ACTIVE                     !DEADLINE_PASSED
            ACTIVE             SessionClosed     ACTIVE                     ACTIVE
            ACTIVE             Revoked           ENDED/REVOKED              !DEADLINE_PASSED
            ACTIVE             Expired           !NOT_DUE                   ENDED/EXPIRED
            ACTIVE             PendingTimedOut   !WRONG_STATE               !WRONG_STATE
            ACTIVE             Completed         ENDED/COMPLETED            !DEADLINE_PASSED

            ACTIVE_FULL        Requested         !WRONG_STATE               !WRONG_STATE
            ACTIVE_FULL        Approved          !WRONG_STATE               !WRONG_STATE
            ACTIVE_FULL        Denied            !WRONG_STATE               !WRONG_STATE
            ACTIVE_FULL        CredentialIssued  !CREDENTIAL_ALREADY_FETCHED !CREDENTIAL_ALREADY_FETCHED
            ACTIVE_FULL        SessionOpened     !SESSION_LIMIT             !DEADLINE_PASSED
            ACTIVE_FULL        SessionClosed     ACTIVE                     ACTIVE
            ACTIVE_FULL        Revoked           ENDED/REVOKED              !DEADLINE_PASSED
            ACTIVE_FULL        Expired           !NOT_DUE                   ENDED/EXPIRED
            ACTIVE_FULL        PendingTimedOut   !WRONG_STATE               !WRONG_STATE
            ACTIVE_FULL        Completed         ENDED/COMPLETED            !DEADLINE_PASSED

            ACTIVE_SINGLE      Requested         !WRONG_STATE               !WRONG_STATE
            ACTIVE_SINGLE      Approved          !WRONG_STATE               !WRONG_STATE
            ACTIVE_SINGLE      Denied            !WRONG_STATE               !WRONG_STATE
            ACTIVE_SINGLE      CredentialIssued  !CREDENTIAL_ALREADY_FETCHED !CREDENTIAL_ALREADY_FETCHED
            ACTIVE_SINGLE      SessionOpened     !SESSION_LIMIT             !DEADLINE_PASSED
            ACTIVE_SINGLE      SessionClosed     ENDED/COMPLETED            ENDED/EXPIRED
            ACTIVE_SINGLE      Revoked           ENDED/REVOKED              !DEADLINE_PASSED
            ACTIVE_SINGLE      Expired           !NOT_DUE                   ENDED/EXPIRED
            ACTIVE_SINGLE      PendingTimedOut   !WRONG_STATE               !WRONG_STATE
            ACTIVE_SINGLE      Completed         ENDED/COMPLETED            !DEADLINE_PASSED

            ENDED              Requested         !WRONG_STATE               !WRONG_STATE
            ENDED              Approved          !WRONG_STATE               !WRONG_STATE
            ENDED              Denied            !WRONG_STATE               !WRONG_STATE
            ENDED              CredentialIssued  !WRONG_STATE               !WRONG_STATE
            ENDED              SessionOpened     !WRONG_STATE               !WRONG_STATE
            ENDED              SessionClosed     !NO_OPEN_SESSION           !NO_OPEN_SESSION
            ENDED              Revoked           !WRONG_STATE               !WRONG_STATE
            ENDED              Expired           !WRONG_STATE               !WRONG_STATE
            ENDED              PendingTimedOut   !WRONG_STATE               !WRONG_STATE
            ENDED              Completed         !WRONG_STATE               !WRONG_STATE

            ENDED_WITH_SESSION Requested         !WRONG_STATE               !WRONG_STATE
            ENDED_WITH_SESSION Approved          !WRONG_STATE               !WRONG_STATE
            ENDED_WITH_SESSION Denied            !WRONG_STATE               !WRONG_STATE
            ENDED_WITH_SESSION CredentialIssued  !WRONG_STATE               !WRONG_STATE
            ENDED_WITH_SESSION SessionOpened     !WRONG_STATE               !WRONG_STATE
            ENDED_WITH_SESSION SessionClosed     ENDED/REVOKED              ENDED/REVOKED
            ENDED_WITH_SESSION Revoked           !WRONG_STATE               !WRONG_STATE
            ENDED_WITH_SESSION Expired           !WRONG_STATE               !WRONG_STATE
            ENDED_WITH_SESSION PendingTimedOut   !WRONG_STATE               !WRONG_STATE
            ENDED_WITH_SESSION Completed         !WRONG_STATE               !WRONG_STATE

            DENIED             Requested         !WRONG_STATE               !WRONG_STATE
            DENIED             Approved          !WRONG_STATE               !WRONG_STATE
            DENIED             Denied            !WRONG_STATE               !WRONG_STATE
            DENIED             CredentialIssued  !WRONG_STATE               !WRONG_STATE
            DENIED             SessionOpened     !WRONG_STATE               !WRONG_STATE
            DENIED             SessionClosed     !WRONG_STATE               !WRONG_STATE
            DENIED             Revoked           !WRONG_STATE               !WRONG_STATE
            DENIED             Expired           !WRONG_STATE               !WRONG_STATE
            DENIED             PendingTimedOut   !WRONG_STATE               !WRONG_STATE
            DENIED             Completed         !WRONG_STATE               !WRONG_STATE

            EXPIRED            Requested         !WRONG_STATE               !WRONG_STATE
            EXPIRED            Approved          !WRONG_STATE               !WRONG_STATE
            EXPIRED            Denied            !WRONG_STATE               !WRONG_STATE
            EXPIRED            CredentialIssued  !WRONG_STATE               !WRONG_STATE
            EXPIRED            SessionOpened     !WRONG_STATE               !WRONG_STATE
            EXPIRED            SessionClosed     !WRONG_STATE               !WRONG_STATE
            EXPIRED            Revoked           !WRONG_STATE               !WRONG_STATE
            EXPIRED            Expired           !WRONG_STATE               !WRONG_STATE
            EXPIRED            PendingTimedOut   !WRONG_STATE               !WRONG_STATE
            EXPIRED            Completed         !WRONG_STATE               !WRONG_STATE
            """;

    private record Row(Fixture fixture, String event, String before, String atDeadline) {
    }

    private static List<Row> rows() {
        return TABLE.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\\s+"))
                .map(cells -> {
                    assertThat(cells).as("table row %s", Arrays.toString(cells)).hasSize(4);
                    return new Row(Fixture.valueOf(cells[0]), cells[1], cells[2], cells[3]);
                })
                .toList();
    }

    static Stream<Arguments> cells() {
        return rows().stream().flatMap(row -> Stream.of(
                Arguments.of(row.fixture(), row.event(), "before deadline", row.before()),
                Arguments.of(row.fixture(), row.event(), "at deadline", row.atDeadline())));
    }

    @ParameterizedTest(name = "{0} + {1} {2} -> {3}")
    @MethodSource("cells")
    void transition(Fixture fixture, String eventName, String when, String expected) {
        Lease lease = fixture.lease.get();
        Instant now = when.equals("before deadline") ? fixture.before : fixture.atDeadline;
        LeaseEvent event = event(eventName, lease);

        if (expected.startsWith("!")) {
            Refusal refusal = Refusal.valueOf(expected.substring(1));
            Lease before = copyOf(lease);
            IllegalTransitionException e = catchThrowableOfType(IllegalTransitionException.class,
                    () -> LeaseTransitions.apply(lease, event, now));
            assertThat(e).as("%s + %s should be refused", fixture, eventName).isNotNull();
            assertThat(e.refusal()).isEqualTo(refusal);
            assertThat(e.code()).isEqualTo(refusal.name().toLowerCase());
            assertThat(e.from()).isEqualTo(lease.state());
            assertThat(e.event()).isEqualTo(eventName);
            assertThat(e.leaseId()).isEqualTo(lease.id());
            assertThat(e.getMessage()).contains(lease.id(), lease.state().name(), eventName);
            if (refusal == Refusal.WRONG_STATE) {
                assertThat(e.getMessage()).containsAnyOf("valid in " + lease.state() + ": ", "accepts no events");
                assertThat(e.validEvents()).doesNotContain(eventName);
            }
            if (refusal == Refusal.CREDENTIAL_ALREADY_FETCHED) {
                assertThat(e).isInstanceOf(CredentialAlreadyFetchedException.class);
            }
            assertThat(lease).as("a refused event changes nothing").isEqualTo(before);
        } else {
            Lease next = LeaseTransitions.apply(lease, event, now);
            String[] stateAndReason = expected.split("/");
            assertThat(next.state()).isEqualTo(LeaseState.valueOf(stateAndReason[0]));
            assertThat(next.endReason()).isEqualTo(stateAndReason.length == 2
                    ? Optional.of(EndReason.valueOf(stateAndReason[1])) : Optional.empty());
            assertThat(next.version()).isEqualTo(lease.version() + 1);
            assertThat(next.id()).isEqualTo(lease.id());
            assertThat(next.requestHash()).isEqualTo(lease.requestHash());
            assertThat(LeaseTransitions.acceptedEventNames(lease.state())).contains(eventName);
        }
    }

    @Test
    void theTableHasEveryFixtureAndEveryEventTypeExactlyOnce() {
        Set<String> eventTypes = Arrays.stream(LeaseEvent.class.getPermittedSubclasses())
                .map(Class::getSimpleName).collect(Collectors.toSet());
        assertThat(EVENTS.stream().map(f -> f.apply(Fixture.APPROVED.lease.get()).name()).collect(Collectors.toSet()))
                .as("the table's event factories cover the sealed hierarchy").isEqualTo(eventTypes);

        Set<String> expectedPairs = new HashSet<>();
        for (Fixture fixture : Fixture.values()) {
            eventTypes.forEach(event -> expectedPairs.add(fixture + " " + event));
        }
        List<String> pairs = rows().stream().map(row -> row.fixture() + " " + row.event()).toList();
        assertThat(pairs).doesNotHaveDuplicates();
        assertThat(new HashSet<>(pairs)).isEqualTo(expectedPairs);
        assertThat(Arrays.stream(Fixture.values()).map(f -> f.state).collect(Collectors.toSet()))
                .as("every state has a fixture").containsExactlyInAnyOrder(LeaseState.values());
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void fixturesAreInTheirState(Fixture fixture) {
        assertThat(fixture.lease.get().state()).isEqualTo(fixture.state);
        assertThat(fixture.before).isBefore(fixture.atDeadline);
    }

    @Test
    void aRefusedEventChangesNothing() {
        Lease lease = Fixture.ACTIVE.lease.get();
        Lease copy = copyOf(lease);
        assertThatThrownBy(() -> LeaseTransitions.apply(lease, new LeaseEvent.PendingTimedOut(), EXPIRES))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(lease).isEqualTo(copy);
        assertThatThrownBy(() -> lease.approvals().add(null)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void wrongStateMessageNamesTheStateTheEventAndWhatIsValid() {
        Lease lease = Fixture.APPROVED.lease.get();
        assertThatThrownBy(() -> LeaseTransitions.apply(lease, new LeaseEvent.PendingTimedOut(), EXPIRES))
                .hasMessage("lease " + lease.id() + " is APPROVED: PendingTimedOut is not valid there; valid in "
                        + "APPROVED: CredentialIssued, SessionOpened, Revoked, Expired, Completed");
        Lease denied = Fixture.DENIED.lease.get();
        assertThatThrownBy(() -> LeaseTransitions.apply(denied, new LeaseEvent.Completed(), EXPIRES))
                .hasMessage("lease " + denied.id() + " is DENIED: Completed is not valid there; a DENIED lease "
                        + "accepts no events");
    }

    @Test
    void endingsRecordWhoAndWhy() {
        Lease revoked = Fixture.ENDED_WITH_SESSION.lease.get();
        assertThat(revoked.ending()).hasValueSatisfying(ending -> {
            assertThat(ending.by()).contains(ADMIN);
            assertThat(ending.reason()).contains("incident");
            assertThat(ending.at()).isEqualTo(APPROVED_AT.plusSeconds(30));
        });
        assertThat(revoked.openSessions()).isEqualTo(1);
        Lease denied = Fixture.DENIED.lease.get();
        assertThat(denied.ending().orElseThrow().by()).contains(ALICE);
        assertThat(denied.ending().orElseThrow().reason()).contains("not this week");
        Lease timedOut = Fixture.EXPIRED.lease.get();
        assertThat(timedOut.ending().orElseThrow().by()).isEmpty();
        assertThat(timedOut.endReason()).isEmpty();
        assertThat(timedOut.approvedAt()).isEmpty();
    }

    private static Lease copyOf(Lease lease) {
        return new Lease(lease.id(), lease.version(), lease.state(), lease.endReason(), lease.purpose(),
                lease.target(), lease.requester(), lease.ttl(), lease.reason(), lease.requestHash(),
                lease.approvalRule(), lease.maxSessions(), lease.createdAt(), lease.pendingDeadline(),
                List.copyOf(lease.approvals()), lease.approvedAt(), lease.expiresAt(), lease.credentialIssued(),
                lease.openSessions(), lease.ending());
    }

    private static LeaseEvent event(String name, Lease lease) {
        return EVENTS.stream().map(f -> f.apply(lease)).filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no event named " + name));
    }
}
