package dev.phiguard.broker.service;

import static dev.phiguard.broker.service.ServiceFixture.ALICE;
import static dev.phiguard.broker.service.ServiceFixture.CI_BOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phiguard.broker.events.LeaseChange;
import dev.phiguard.broker.events.LocalChangeFeed;
import dev.phiguard.broker.lease.EndReason;
import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseState;
import dev.phiguard.broker.store.JdbcLeaseStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadlineSchedulerTest {

    @TempDir
    Path data;
    ServiceFixture fixture;
    DeadlineScheduler scheduler;

    @BeforeEach
    void open() {
        fixture = new ServiceFixture(data);
        scheduler = new DeadlineScheduler(fixture.store, fixture.service, fixture.feed, fixture.clock);
    }

    @AfterEach
    void close() {
        scheduler.close();
        fixture.close();
    }

    private Lease approved() {
        Lease pending = fixture.service.request(CI_BOT, "study-42", Optional.of(Duration.ofMinutes(30)), "");
        return fixture.service.approve(ALICE, pending.id(), Optional.empty(), Optional.empty());
    }

    @Test
    void aTtlExpiryEndsTheLeaseAndNotifiesTheFeed() {
        Lease lease = approved();
        fixture.service.fetchCredential(CI_BOT, lease.id()).close();
        fixture.service.admitSession(lease.id(), "s-1", "10.0.0.1:1");
        scheduler.start();

        fixture.clock.advance(Duration.ofMinutes(29));
        scheduler.wake();
        // not due yet: the scheduler leaves it alone (checked once the next due lease has fired, below)

        Lease other = approved();
        fixture.clock.advance(Duration.ofMinutes(1));
        scheduler.wake();
        await().until(() -> fixture.stored(lease.id()).state() == LeaseState.ENDED);
        Lease expired = fixture.stored(lease.id());
        assertThat(expired.endReason()).contains(EndReason.EXPIRED);
        assertThat(expired.openSessions()).isEqualTo(1); // the proxy reports the cut session's end afterwards
        assertThat(fixture.changes).contains(new LeaseChange(lease.id(), expired.version(), LeaseState.ENDED));
        assertThat(fixture.events.eventNames(lease.id())).endsWith("Expired");
        assertThat(fixture.stored(other.id()).state()).isEqualTo(LeaseState.APPROVED);
        assertThat(fixture.events.eventNames(other.id())).doesNotContain("Expired");
    }

    @Test
    void aPendingRequestTimesOut() {
        Lease pending = fixture.service.request(CI_BOT, "study-42", Optional.empty(), "");
        scheduler.start();
        fixture.clock.advance(Duration.ofMinutes(15));
        scheduler.wake();
        await().until(() -> fixture.stored(pending.id()).state() == LeaseState.EXPIRED);
        assertThat(fixture.changes).contains(new LeaseChange(pending.id(), 2, LeaseState.EXPIRED));
    }

    @Test
    void aRestartedNodeFiresEveryOverdueDeadlineAtStart() {
        Lease lease = approved();
        Lease pending = fixture.service.request(CI_BOT, "study-42", Optional.empty(), "");
        fixture.close(); // the node goes down
        fixture = new ServiceFixture(JdbcLeaseStore.embedded(data), new LocalChangeFeed(),
                ServiceFixture.T0.plus(Duration.ofHours(1)));
        scheduler = new DeadlineScheduler(fixture.store, fixture.service, fixture.feed, fixture.clock).start();

        await().until(() -> fixture.stored(lease.id()).state() == LeaseState.ENDED
                && fixture.stored(pending.id()).state() == LeaseState.EXPIRED);
        assertThat(fixture.stored(lease.id()).endReason()).contains(EndReason.EXPIRED);
    }

    @Test
    void twoNodesRacingOnOneDeadlineFireItOnce() throws Exception {
        Lease lease = approved();
        ServiceFixture.RecordingListener otherEvents = new ServiceFixture.RecordingListener();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (LeaseService otherNode = ServiceFixture.service(fixture.store, fixture.feed, fixture.clock, otherEvents,
                "node-b")) {
            DeadlineScheduler other = new DeadlineScheduler(fixture.store, otherNode, fixture.feed, fixture.clock);
            fixture.clock.advance(Duration.ofMinutes(30));
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            var here = threads.submit(() -> {
                go.await();
                return scheduler.fireDue();
            });
            var there = threads.submit(() -> {
                go.await();
                return other.fireDue();
            });
            go.countDown();
            List<Lease> fired = new java.util.ArrayList<>(here.get());
            fired.addAll(there.get());
            assertThat(fired).extracting(Lease::id).containsExactly(lease.id());
            long expiredEvents = java.util.stream.Stream.concat(fixture.events.transitions.stream(),
                    otherEvents.transitions.stream()).filter(t -> t.event().name().equals("Expired")).count();
            assertThat(expiredEvents).isEqualTo(1);
            assertThat(fixture.stored(lease.id()).endReason()).contains(EndReason.EXPIRED);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aRealShortTtlRunsOutOnTheSystemClock() {
        ServiceFixture.RecordingListener events = new ServiceFixture.RecordingListener();
        java.util.List<LeaseChange> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.time.Clock system = java.time.Clock.systemUTC();
        try (LeaseService live = ServiceFixture.service(fixture.store, fixture.feed, system, events, "node-live");
             var subscription = fixture.feed.subscribe(changes::add);
             DeadlineScheduler real = new DeadlineScheduler(fixture.store, live, fixture.feed, system).start()) {
            Lease pending = live.request(CI_BOT, "study-42", Optional.of(Duration.ofSeconds(2)), "");
            Lease approved = live.approve(ALICE, pending.id(), Optional.empty(), Optional.empty());
            live.fetchCredential(CI_BOT, pending.id()).close();
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.stream().anyMatch(change ->
                    change.leaseId().equals(pending.id()) && change.state() == LeaseState.ENDED));
            Lease ended = fixture.stored(pending.id());
            assertThat(ended.endReason()).contains(EndReason.EXPIRED);
            assertThat(ended.ending().orElseThrow().at()).isAfterOrEqualTo(approved.expiresAt().orElseThrow());
        }
    }
}
