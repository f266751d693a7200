package dev.phiguard.broker.store;

import static dev.phiguard.broker.store.StoreLeases.ADMIN;
import static dev.phiguard.broker.store.StoreLeases.ALICE;
import static dev.phiguard.broker.store.StoreLeases.OTHER_REQUESTER;
import static dev.phiguard.broker.store.StoreLeases.REQUESTER;
import static dev.phiguard.broker.store.StoreLeases.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.broker.lease.IssuedCredential;
import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseEvent;
import dev.phiguard.broker.lease.LeaseState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LeaseStore} does, run against each backend by a subclass: embedded H2 ({@code *Test}) and a
 * real PostgreSQL ({@code *IT}). Each test starts from an empty store.
 */
abstract class LeaseStoreContract {

    /** The store under test, opened on an empty backend before each test. */
    protected LeaseStore store;

    /** Makes the backend empty (a fresh directory, a fresh database). */
    protected abstract void prepareEmptyBackend() throws Exception;

    /** Opens a store on the current backend: a restart of the embedded store, another node of a shared one. */
    protected abstract LeaseStore open();

    @BeforeEach
    void openEmptyStore() throws Exception {
        prepareEmptyBackend();
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void everyShapeOfLeaseReadsBackEqual() {
        for (String shape : StoreLeases.everyShape().keySet()) {
            Lease lease = StoreLeases.everyShape().get(shape);
            store.create(lease);
            assertThat(store.find(lease.id())).as(shape).contains(lease);
        }
        assertThat(store.list(LeaseFilter.all())).hasSize(StoreLeases.everyShape().size());
    }

    @Test
    void anInstantFinerThanAMicrosecondIsRefusedNotRounded() {
        Lease lease = StoreLeases.pending(T0);
        Lease finer = new Lease(lease.id(), lease.version(), lease.state(), lease.endReason(), lease.purpose(),
                lease.target(), lease.requester(), lease.ttl(), lease.reason(), lease.requestHash(),
                lease.approvalRule(), lease.maxSessions(), lease.createdAt().plusNanos(1), lease.pendingDeadline(),
                lease.approvals(), lease.approvedAt(), lease.expiresAt(), lease.credentialIssued(),
                lease.openSessions(), lease.ending());
        assertThatThrownBy(() -> store.create(finer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("microsecond");
        assertThat(store.find(lease.id())).isEmpty();
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        assertThat(store.find("lease-aaaaaaaaaaaaaaaa")).isEmpty();
        assertThat(store.verifier("lease-aaaaaaaaaaaaaaaa")).isEmpty();
    }

    @Test
    void aLeaseFollowsItsLifecycleThroughUpdates() {
        Lease v1 = StoreLeases.pending(T0);
        store.create(v1);
        Lease v2 = StoreLeases.approve(v1, ALICE, Optional.of("fine"), T0.plusSeconds(5));
        store.update(v2, 1);
        assertThat(store.find(v1.id())).contains(v2);
        IssuedCredential issued = StoreLeases.issue(v2, T0.plusSeconds(6));
        store.issueCredential(issued.lease(), 2, issued.credential().scramVerifier());
        assertThat(store.find(v1.id())).contains(issued.lease());
        assertThat(store.verifier(v1.id())).contains(issued.credential().scramVerifier());
        Lease v4 = StoreLeases.apply(issued.lease(), new LeaseEvent.SessionOpened(), T0.plusSeconds(7));
        store.update(v4, 3);
        Lease v5 = StoreLeases.apply(v4, new LeaseEvent.Revoked(ADMIN, Optional.of("done")), T0.plusSeconds(8));
        store.update(v5, 4);
        Lease v6 = StoreLeases.apply(v5, new LeaseEvent.SessionClosed(), T0.plusSeconds(9));
        store.update(v6, 5);
        assertThat(store.find(v1.id())).contains(v6);
        assertThat(v6.state()).isEqualTo(LeaseState.ENDED);
        assertThat(store.verifier(v1.id())).contains(issued.credential().scramVerifier());
    }

    @Test
    void anUpdateOfAStaleVersionIsRefusedAndChangesNothing() {
        Lease v1 = StoreLeases.pending(T0);
        store.create(v1);
        Lease v2 = StoreLeases.approve(v1, ALICE, Optional.empty(), T0.plusSeconds(5));
        store.update(v2, 1);
        Lease denied = StoreLeases.apply(v1, new LeaseEvent.Denied(ALICE, "too late"), T0.plusSeconds(6));

        assertThatThrownBy(() -> store.update(denied, 1))
                .isInstanceOfSatisfying(StaleLeaseException.class, e -> {
                    assertThat(e.leaseId()).isEqualTo(v1.id());
                    assertThat(e.expectedVersion()).isEqualTo(1);
                    assertThat(e.storedVersion()).contains(2L);
                })
                .hasMessageContaining("expected version 1").hasMessageContaining("holds version 2");
        assertThat(store.find(v1.id())).contains(v2);
    }

    @Test
    void anUpdateOfAMissingLeaseIsStale() {
        Lease v1 = StoreLeases.pending(T0);
        Lease v2 = StoreLeases.approve(v1, ALICE, Optional.empty(), T0.plusSeconds(5));
        assertThatThrownBy(() -> store.update(v2, 1))
                .isInstanceOfSatisfying(StaleLeaseException.class, e -> assertThat(e.storedVersion()).isEmpty());
        assertThat(store.find(v1.id())).isEmpty();
    }

    @Test
    void anUpdateMustBeExactlyOneVersionAhead() {
        Lease v1 = StoreLeases.pending(T0);
        store.create(v1);
        Lease v2 = StoreLeases.approve(v1, ALICE, Optional.empty(), T0.plusSeconds(5));
        assertThatThrownBy(() -> store.update(v2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.update(v1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.find(v1.id())).contains(v1);
    }

    @Test
    void aDuplicateIdIsRefused() {
        Lease v1 = StoreLeases.pending(T0);
        store.create(v1);
        Lease other = StoreLeases.approve(v1, ALICE, Optional.empty(), T0.plusSeconds(5));
        assertThatThrownBy(() -> store.create(other))
                .isInstanceOf(LeaseStoreException.class).hasMessageContaining("already exists");
        assertThat(store.find(v1.id())).contains(v1);
    }

    @Test
    void twoWritersOfTheSameVersionOneWins() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                Lease approved = StoreLeases.approve(StoreLeases.pending(T0), ALICE, Optional.empty(),
                        T0.plusSeconds(1));
                store.create(approved);
                Instant now = T0.plusSeconds(2);
                Lease revoked = StoreLeases.apply(approved, new LeaseEvent.Revoked(ADMIN, Optional.of("x")), now);
                Lease completed = StoreLeases.apply(approved, new LeaseEvent.Completed(), now);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (Lease candidate : List.of(revoked, completed)) {
                    Callable<Boolean> write = () -> {
                        start.await();
                        try {
                            store.update(candidate, approved.version());
                            return true;
                        } catch (StaleLeaseException e) {
                            return false;
                        }
                    };
                    outcomes.add(threads.submit(write));
                }
                start.countDown();
                boolean revokedWon = outcomes.get(0).get();
                boolean completedWon = outcomes.get(1).get();
                assertThat(revokedWon ^ completedWon).as("exactly one writer wins in round " + round).isTrue();
                assertThat(store.find(approved.id())).contains(revokedWon ? revoked : completed);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theCredentialIsIssuedAtomicallyWithItsVerifier() {
        Lease approved = StoreLeases.approve(StoreLeases.pending(T0), ALICE, Optional.empty(), T0.plusSeconds(1));
        store.create(approved);
        IssuedCredential first = StoreLeases.issue(approved, T0.plusSeconds(2));
        IssuedCredential second = StoreLeases.issue(approved, T0.plusSeconds(3));
        store.issueCredential(first.lease(), approved.version(), first.credential().scramVerifier());

        // a racing second fetch of the same version stores neither its lease nor its verifier
        assertThatThrownBy(() -> store.issueCredential(second.lease(), approved.version(),
                second.credential().scramVerifier()))
                .isInstanceOf(StaleLeaseException.class)
                .hasMessageNotContaining(second.credential().scramVerifier())
                .hasMessageNotContaining(first.credential().scramVerifier());
        assertThat(store.find(approved.id())).contains(first.lease());
        assertThat(store.verifier(approved.id())).contains(first.credential().scramVerifier());
    }

    @Test
    void aStaleCredentialFetchStoresNoVerifier() {
        Lease approved = StoreLeases.approve(StoreLeases.pending(T0), ALICE, Optional.empty(), T0.plusSeconds(1));
        store.create(approved);
        Lease revoked = StoreLeases.apply(approved, new LeaseEvent.Revoked(ADMIN, Optional.empty()),
                T0.plusSeconds(2));
        store.update(revoked, approved.version());
        IssuedCredential late = StoreLeases.issue(approved, T0.plusSeconds(2));
        assertThatThrownBy(() -> store.issueCredential(late.lease(), approved.version(),
                late.credential().scramVerifier()))
                .isInstanceOf(StaleLeaseException.class);
        assertThat(store.verifier(approved.id())).isEmpty();
        assertThat(store.find(approved.id())).contains(revoked);
    }

    @Test
    void aMalformedVerifierIsRefusedWithoutBeingEchoed() {
        Lease approved = StoreLeases.approve(StoreLeases.pending(T0), ALICE, Optional.empty(), T0.plusSeconds(1));
        store.create(approved);
        IssuedCredential issued = StoreLeases.issue(approved, T0.plusSeconds(2));
        String notAVerifier = "hunter2-plaintext-password";
        assertThatThrownBy(() -> store.issueCredential(issued.lease(), approved.version(), notAVerifier))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(notAVerifier);
        assertThatThrownBy(() -> store.issueCredential(approved, approved.version() - 1,
                issued.credential().scramVerifier()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(issued.credential().scramVerifier());
        assertThat(store.find(approved.id())).contains(approved);
        assertThat(store.verifier(approved.id())).isEmpty();
        assertThat(store.toString()).doesNotContain("SCRAM");
    }

    @Test
    void listFiltersAndOrdersNewestFirst() {
        Lease oldest = StoreLeases.pending(T0);
        Lease middle = StoreLeases.approve(StoreLeases.pending(T0.plusSeconds(10)), ALICE, Optional.empty(),
                T0.plusSeconds(11));
        Lease newest = StoreLeases.request(StoreLeases.policy("study-99", 1, 1), OTHER_REQUESTER, T0.plusSeconds(20));
        for (Lease lease : List.of(middle, newest, oldest)) {
            store.create(lease);
        }
        assertThat(store.list(LeaseFilter.all())).containsExactly(newest, middle, oldest);
        assertThat(store.list(LeaseFilter.all().withLimit(2))).containsExactly(newest, middle);
        assertThat(store.list(LeaseFilter.all().withState(LeaseState.PENDING))).containsExactly(newest, oldest);
        assertThat(store.list(LeaseFilter.all().withPurpose("study-42"))).containsExactly(middle, oldest);
        assertThat(store.list(LeaseFilter.all().withRequesterSubject(REQUESTER.subject())))
                .containsExactly(middle, oldest);
        assertThat(store.list(LeaseFilter.all().withState(LeaseState.PENDING).withPurpose("study-42")
                .withRequesterSubject(REQUESTER.subject()))).containsExactly(oldest);
        assertThat(store.list(LeaseFilter.all().withState(LeaseState.ENDED))).isEmpty();
        assertThatThrownBy(() -> LeaseFilter.all().withLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dueDeadlinesAreThePassedDeadlinesOfLiveLeases() {
        Lease pending = StoreLeases.pending(T0);                       // due at T0 + 15m
        Lease approved = StoreLeases.approve(StoreLeases.pending(T0), ALICE, Optional.empty(),
                T0.plusSeconds(60));                                    // due at T0 + 31m
        Lease later = StoreLeases.pending(T0.plusSeconds(3600));       // due at T0 + 75m
        Lease denied = StoreLeases.apply(StoreLeases.pending(T0), new LeaseEvent.Denied(ALICE, "no"),
                T0.plusSeconds(1));                                     // terminal: never due
        for (Lease lease : List.of(later, denied, approved, pending)) {
            store.create(lease);
        }
        assertThat(store.earliestDeadline()).contains(pending.pendingDeadline());
        assertThat(store.dueDeadlines(Instant.MAX, 10)).containsExactly(pending, approved, later);
        assertThat(store.dueDeadlines(T0.plusSeconds(60), 10)).isEmpty();
        assertThat(store.dueDeadlines(pending.pendingDeadline(), 10)).containsExactly(pending);
        assertThat(store.dueDeadlines(pending.pendingDeadline().minusNanos(1), 10)).isEmpty();
        assertThat(store.dueDeadlines(pending.pendingDeadline().plusNanos(1), 10)).containsExactly(pending);
        Instant afterExpiry = approved.expiresAt().orElseThrow();
        assertThat(store.dueDeadlines(afterExpiry, 10)).containsExactly(pending, approved);
        assertThat(store.dueDeadlines(afterExpiry, 1)).containsExactly(pending);

        // firing the deadline takes the lease off the list
        Lease timedOut = StoreLeases.apply(pending, new LeaseEvent.PendingTimedOut(), afterExpiry);
        store.update(timedOut, pending.version());
        assertThat(store.dueDeadlines(afterExpiry, 10)).containsExactly(approved);
        assertThat(store.earliestDeadline()).contains(afterExpiry);
    }

    @Test
    void anEmptyStoreHasNoDeadline() {
        assertThat(store.earliestDeadline()).isEmpty();
        assertThat(store.dueDeadlines(Instant.MAX, 10)).isEmpty();
        assertThat(store.dueDeadlines(Instant.MIN, 10)).isEmpty();
    }

    @Test
    void reopeningKeepsLeasesApprovalsDeadlinesAndVerifiers() {
        Map<String, Lease> shapes = StoreLeases.everyShape();
        Lease pending = shapes.get("pending, 1 of 2 approvals");
        store.create(pending);
        Lease approved = StoreLeases.approve(StoreLeases.pending(T0), ALICE, Optional.of("ok"), T0.plusSeconds(1));
        store.create(approved);
        IssuedCredential issued = StoreLeases.issue(approved, T0.plusSeconds(2));
        store.issueCredential(issued.lease(), approved.version(), issued.credential().scramVerifier());
        Instant later = issued.lease().expiresAt().orElseThrow().plusSeconds(1);
        List<Lease> due = store.dueDeadlines(later, 10);
        assertThat(due).hasSize(2);

        store.close();
        store = open();
        store.close();
        store = open(); // migrations ran once; reopening an up-to-date schema changes nothing

        assertThat(store.find(pending.id())).contains(pending);
        assertThat(store.find(approved.id())).contains(issued.lease());
        assertThat(store.verifier(approved.id())).contains(issued.credential().scramVerifier());
        assertThat(store.dueDeadlines(later, 10)).isEqualTo(due);
        assertThat(store.list(LeaseFilter.all())).hasSize(2);
    }

    @Test
    void aSessionIsRecordedAndClosedWithItsLeaseCount() {
        Lease approved = StoreLeases.approve(StoreLeases.pending(T0), ALICE, Optional.empty(), T0.plusSeconds(1));
        store.create(approved);
        IssuedCredential issued = StoreLeases.issue(approved, T0.plusSeconds(2));
        store.issueCredential(issued.lease(), approved.version(), issued.credential().scramVerifier());
        Lease active = StoreLeases.apply(issued.lease(), new LeaseEvent.SessionOpened(), T0.plusSeconds(3));
        LeaseSession session = new LeaseSession("s-1", approved.id(), "node-a", "127.0.0.1:50000",
                T0.plusSeconds(3), Optional.empty());
        store.openSession(active, issued.lease().version(), session);
        assertThat(store.find(approved.id())).contains(active);
        assertThat(store.sessions(approved.id())).containsExactly(session);

        // a stale open records no session
        Lease stale = StoreLeases.apply(issued.lease(), new LeaseEvent.SessionOpened(), T0.plusSeconds(4));
        assertThatThrownBy(() -> store.openSession(stale, issued.lease().version(), new LeaseSession("s-2",
                approved.id(), "node-b", "127.0.0.1:50001", T0.plusSeconds(4), Optional.empty())))
                .isInstanceOf(StaleLeaseException.class);
        assertThat(store.sessions(approved.id())).containsExactly(session);

        Lease closed = StoreLeases.apply(active, new LeaseEvent.SessionClosed(), T0.plusSeconds(5));
        // closing a session the lease does not have changes nothing
        assertThatThrownBy(() -> store.closeSession(closed, active.version(), "s-9", T0.plusSeconds(5)))
                .isInstanceOf(LeaseStoreException.class).hasMessageContaining("no open session s-9");
        assertThat(store.find(approved.id())).contains(active);

        store.closeSession(closed, active.version(), "s-1", T0.plusSeconds(5));
        assertThat(store.find(approved.id())).contains(closed);
        assertThat(store.sessions(approved.id())).containsExactly(new LeaseSession("s-1", approved.id(), "node-a",
                "127.0.0.1:50000", T0.plusSeconds(3), Optional.of(T0.plusSeconds(5))));
        assertThat(store.sessions("lease-aaaaaaaaaaaaaaaa")).isEmpty();
    }

    @Test
    void leasesAreCountedByState() {
        assertThat(store.countByState()).hasSize(LeaseState.values().length).allSatisfy((state, n) ->
                assertThat(n).isZero());
        Map<String, Lease> byId = new java.util.HashMap<>(); // shapes share ids: one lease per id
        StoreLeases.everyShape().values().forEach(lease -> byId.put(lease.id(), lease));
        byId.values().forEach(store::create);
        Map<LeaseState, Long> counts = store.countByState();
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(byId.size());
        for (LeaseState state : LeaseState.values()) {
            assertThat(counts.get(state)).as(state.name())
                    .isEqualTo(byId.values().stream().filter(l -> l.state() == state).count());
        }
    }
}
