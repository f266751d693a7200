package dev.phiguard.broker.service;

import static dev.phiguard.broker.service.ServiceFixture.ALICE;
import static dev.phiguard.broker.service.ServiceFixture.BOB;
import static dev.phiguard.broker.service.ServiceFixture.CI_BOT;
import static dev.phiguard.broker.service.ServiceFixture.CI_REVIEWER;
import static dev.phiguard.broker.service.ServiceFixture.MALLORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.broker.events.LeaseChange;
import dev.phiguard.broker.lease.CredentialAlreadyFetchedException;
import dev.phiguard.broker.lease.CredentialMinter;
import dev.phiguard.broker.lease.EndReason;
import dev.phiguard.broker.lease.IllegalTransitionException;
import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseException;
import dev.phiguard.broker.lease.LeaseRequestRefusedException;
import dev.phiguard.broker.lease.LeaseState;
import dev.phiguard.broker.lease.SessionAdmission;
import dev.phiguard.broker.store.LeaseFilter;
import dev.phiguard.broker.store.LeaseSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseServiceTest {

    @TempDir
    Path data;
    ServiceFixture fixture;
    LeaseService service;

    @BeforeEach
    void open() {
        fixture = new ServiceFixture(data);
        service = fixture.service;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Lease approved(String purpose) {
        Lease pending = service.request(CI_BOT, purpose, Optional.empty(), "nightly extract");
        return service.approve(ALICE, pending.id(), Optional.empty(), Optional.of("ok"));
    }

    @Test
    void aLeaseGoesThroughItsWholeLifecycle() {
        Lease pending = service.request(CI_BOT, "study-42", Optional.of(Duration.ofMinutes(45)), "nightly extract");
        assertThat(pending.state()).isEqualTo(LeaseState.PENDING);
        assertThat(pending.requester().claims()).containsEntry("repository", "acme/etl").doesNotContainKey("jti");

        Lease approved = service.approve(ALICE, pending.id(), Optional.of(pending.requestHash()), Optional.of("ok"));
        assertThat(approved.state()).isEqualTo(LeaseState.APPROVED);

        String password;
        try (CredentialAnswer answer = service.fetchCredential(CI_BOT, pending.id())) {
            password = new String(answer.credential().password());
            assertThat(password).hasSize(CredentialMinter.PASSWORD_LENGTH);
            assertThat(answer.credential().userName()).isEqualTo(pending.id());
            assertThat(answer.connection()).isEqualTo(ServiceFixture.PROXY);
            assertThat(answer.toString()).doesNotContain(password);
        }
        assertThat(service.verifier(pending.id())).hasValueSatisfying(v -> assertThat(v)
                .startsWith("SCRAM-SHA-256$16:").doesNotContain(password));

        SessionAdmission admission = service.admitSession(pending.id(), "s-1", "10.0.0.7:51234");
        assertThat(admission).isInstanceOf(SessionAdmission.Admitted.class);
        assertThat(fixture.stored(pending.id()).state()).isEqualTo(LeaseState.ACTIVE);
        assertThat(service.sessions(pending.id())).singleElement().satisfies(s -> {
            assertThat(s.node()).isEqualTo("node-a");
            assertThat(s.client()).isEqualTo("10.0.0.7:51234");
            assertThat(s.isOpen()).isTrue();
        });

        Lease closed = service.sessionClosed(pending.id(), "s-1");
        assertThat(closed.openSessions()).isZero();
        assertThat(closed.state()).isEqualTo(LeaseState.ACTIVE);
        assertThat(service.sessions(pending.id())).singleElement().extracting(LeaseSession::isOpen).isEqualTo(false);
        // a second close of the same session changes nothing
        assertThat(service.sessionClosed(pending.id(), "s-1")).isEqualTo(closed);

        Lease ended = service.end(CI_BOT, pending.id());
        assertThat(ended.state()).isEqualTo(LeaseState.ENDED);
        assertThat(ended.endReason()).contains(EndReason.COMPLETED);

        assertThat(fixture.events.eventNames(pending.id())).containsExactly("Requested", "Approved",
                "CredentialIssued", "SessionOpened", "SessionClosed", "Completed");
        assertThat(fixture.events.transitions.get(0).before()).isEmpty();
        assertThat(fixture.events.transitions.get(1).actor()).hasValueSatisfying(a ->
                assertThat(a.subject()).isEqualTo("alice"));
        assertThat(fixture.events.fetches).containsExactly(pending.id() + " ci-bot");
        assertThat(fixture.changes).extracting(LeaseChange::version).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(fixture.changes.get(5).state()).isEqualTo(LeaseState.ENDED);
    }

    @Test
    void theCredentialIsHandedOutOnceAndOnlyToTheRequester() {
        Lease lease = approved("study-42");
        assertThatThrownBy(() -> service.fetchCredential(BOB, lease.id()))
                .isInstanceOf(LeaseServiceException.class).extracting(e -> ((LeaseServiceException) e).code()).isEqualTo("not_allowed");
        assertThat(fixture.version(lease.id())).isEqualTo(lease.version());

        service.fetchCredential(CI_BOT, lease.id()).close();
        long fetched = fixture.version(lease.id());
        assertThatThrownBy(() -> service.fetchCredential(CI_BOT, lease.id()))
                .isInstanceOf(CredentialAlreadyFetchedException.class)
                .extracting(e -> ((LeaseException) e).code()).isEqualTo("credential_already_fetched");
        assertThat(fixture.version(lease.id())).isEqualTo(fetched);
        assertThat(fixture.events.fetches).hasSize(1);
    }

    @Test
    void twoRacingFetchesHandOutOneCredential() throws Exception {
        Lease lease = approved("study-42");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(threads.submit((Callable<String>) () -> {
                    start.await();
                    try (CredentialAnswer answer = service.fetchCredential(CI_BOT, lease.id())) {
                        return "fetched";
                    } catch (LeaseException e) {
                        return e.code();
                    }
                }));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> result : results) {
                outcomes.add(result.get());
            }
            assertThat(outcomes).containsOnlyOnce("fetched").containsOnly("fetched", "credential_already_fetched");
        } finally {
            threads.shutdownNow();
        }
        assertThat(fixture.version(lease.id())).isEqualTo(lease.version() + 1);
    }

    @Test
    void refusalsChangeNothing() {
        Lease mine = service.request(CI_REVIEWER, "study-42", Optional.empty(), "");
        assertThatThrownBy(() -> service.approve(CI_REVIEWER, mine.id(), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalTransitionException.class)
                .extracting(e -> ((LeaseException) e).code()).isEqualTo("self_approval");
        assertThatThrownBy(() -> service.approve(MALLORY, mine.id(), Optional.empty(), Optional.empty()))
                .extracting(e -> ((LeaseException) e).code()).isEqualTo("not_an_approver");
        assertThatThrownBy(() -> service.approve(ALICE, mine.id(), Optional.of("0".repeat(64)), Optional.empty()))
                .extracting(e -> ((LeaseException) e).code()).isEqualTo("request_changed");
        assertThatThrownBy(() -> service.deny(ALICE, mine.id(), " "))
                .extracting(e -> ((LeaseException) e).code()).isEqualTo("reason_required");
        assertThatThrownBy(() -> service.revoke(MALLORY, mine.id(), Optional.empty()))
                .extracting(e -> ((LeaseServiceException) e).code()).isEqualTo("not_allowed");
        assertThatThrownBy(() -> service.end(ALICE, mine.id()))
                .extracting(e -> ((LeaseServiceException) e).code()).isEqualTo("not_allowed");
        assertThat(fixture.version(mine.id())).isEqualTo(1);

        int leases = service.list(LeaseFilter.all()).size();
        assertThatThrownBy(() -> service.request(CI_BOT, "study-42", Optional.of(Duration.ofHours(3)), ""))
                .isInstanceOf(LeaseRequestRefusedException.class)
                .extracting(e -> ((LeaseException) e).code()).isEqualTo("ttl_above_max");
        assertThatThrownBy(() -> service.request(MALLORY, "study-42", Optional.empty(), ""))
                .extracting(e -> ((LeaseException) e).code()).isEqualTo("requester_not_admitted");
        assertThatThrownBy(() -> service.request(CI_BOT, "study-99", Optional.empty(), ""))
                .extracting(e -> ((LeaseServiceException) e).code()).isEqualTo("unknown_purpose");
        assertThat(service.list(LeaseFilter.all())).hasSize(leases);

        assertThatThrownBy(() -> service.get("lease-aaaaaaaaaaaaaaaa")).extracting(e -> ((LeaseServiceException) e).code()).isEqualTo("not_found");
        assertThatThrownBy(() -> service.get("../etc/passwd")).extracting(e -> ((LeaseServiceException) e).code()).isEqualTo("not_found");
        assertThat(fixture.events.eventNames(mine.id())).containsExactly("Requested");
    }

    @Test
    void aRevokedLeaseAdmitsNoSession() {
        Lease lease = approved("study-42");
        service.fetchCredential(CI_BOT, lease.id()).close();
        Lease revoked = service.revoke(ALICE, lease.id(), Optional.of("incident 17"));
        assertThat(revoked.endReason()).contains(EndReason.REVOKED);

        SessionAdmission admission = service.admitSession(lease.id(), "s-1", "10.0.0.7:1");
        assertThat(admission).isInstanceOfSatisfying(SessionAdmission.Refused.class, refused ->
                assertThat(refused.reason()).isEqualTo(SessionAdmission.Reason.LEASE_OVER));
        assertThat(fixture.version(lease.id())).isEqualTo(revoked.version());
        assertThat(service.sessions(lease.id())).isEmpty();
    }

    @Test
    void theRequesterMayRevokeTheirOwnLease() {
        Lease lease = approved("study-42");
        assertThat(service.revoke(CI_BOT, lease.id(), Optional.empty()).endReason()).contains(EndReason.REVOKED);
    }

    @Test
    void closingTheOnlySessionOfAOneSessionLeaseCompletesIt() {
        Lease lease = approved("study-solo");
        service.fetchCredential(CI_BOT, lease.id()).close();
        assertThat(service.admitSession(lease.id(), "s-1", "a")).isInstanceOf(SessionAdmission.Admitted.class);
        assertThat(service.admitSession(lease.id(), "s-2", "b")).isInstanceOfSatisfying(
                SessionAdmission.Refused.class, r -> assertThat(r.reason())
                        .isEqualTo(SessionAdmission.Reason.SESSION_LIMIT));
        Lease closed = service.sessionClosed(lease.id(), "s-1");
        assertThat(closed.state()).isEqualTo(LeaseState.ENDED);
        assertThat(closed.endReason()).contains(EndReason.COMPLETED);
    }

    @Test
    void anOverdueDeadlineIsAppliedBeforeTheCallersEvent() {
        Lease lease = approved("study-42");
        fixture.clock.advance(Duration.ofMinutes(31));
        assertThatThrownBy(() -> service.fetchCredential(CI_BOT, lease.id()))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("ENDED");
        Lease stored = fixture.stored(lease.id());
        assertThat(stored.endReason()).contains(EndReason.EXPIRED);
        assertThat(service.verifier(lease.id())).isEmpty();
        assertThat(fixture.events.eventNames(lease.id())).endsWith("Expired");
    }

    @Test
    void aWaiterIsCompletedByTheChangeAndNotBefore() throws Exception {
        Lease pending = service.request(CI_BOT, "study-42", Optional.empty(), "");
        var waiting = service.awaitChange(pending.id(), pending.version(), Duration.ofSeconds(30));
        assertThat(waiting).isNotDone();
        assertThat(service.waiting()).isEqualTo(1);

        Lease approved = service.approve(ALICE, pending.id(), Optional.empty(), Optional.empty());
        assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(approved);
        org.awaitility.Awaitility.await().until(() -> service.waiting() == 0);

        // a waiter that is behind is answered at once
        assertThat(service.awaitChange(pending.id(), 1, Duration.ofSeconds(30))).isCompletedWithValue(approved);
    }

    @Test
    void aWaiterTimesOutWithTheUnchangedLease() throws Exception {
        Lease pending = service.request(CI_BOT, "study-42", Optional.empty(), "");
        var waiting = service.awaitChange(pending.id(), pending.version(), Duration.ofMillis(50));
        assertThat(waiting.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(pending);
        assertThat(service.awaitChange("lease-aaaaaaaaaaaaaaaa", 1, Duration.ofSeconds(1)))
                .isCompletedExceptionally();
    }
}
