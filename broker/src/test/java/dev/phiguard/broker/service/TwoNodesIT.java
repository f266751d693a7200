package dev.phiguard.broker.service;

import static dev.phiguard.broker.service.ServiceFixture.ALICE;
import static dev.phiguard.broker.service.ServiceFixture.CI_BOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phiguard.broker.events.LeaseChange;
import dev.phiguard.broker.events.PostgresChangeFeed;
import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseState;
import dev.phiguard.broker.store.JdbcLeaseStore;
import dev.phiguard.sampledata.EmbeddedTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Two broker nodes (two services, two stores, two PostgreSQL change feeds) on one PostgreSQL database. */
class TwoNodesIT {

    private static final java.util.concurrent.atomic.AtomicInteger DATABASES =
            new java.util.concurrent.atomic.AtomicInteger();
    private static EmbeddedTarget server;
    private DataSource database;
    private ServiceFixture nodeA;
    private ServiceFixture nodeB;

    @BeforeAll
    static void startServer() {
        server = EmbeddedTarget.builder().patients(0).start();
    }

    /** A fresh, empty database on the shared server. */
    static DataSource freshDatabase(EmbeddedTarget server, String name) throws java.sql.SQLException {
        try (java.sql.Connection connection = server.superuserConnection();
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {server.host()});
        source.setPortNumbers(new int[] {server.port()});
        source.setDatabaseName(name);
        source.setUser(EmbeddedTarget.SUPERUSER);
        source.setPassword(server.superuserPassword());
        return source;
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void startNodes() throws Exception {
        database = freshDatabase(server, "two_nodes_" + DATABASES.incrementAndGet());
        Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
        nodeA = new ServiceFixture(JdbcLeaseStore.shared(database), PostgresChangeFeed.start(database), now);
        nodeB = new ServiceFixture(JdbcLeaseStore.shared(database), PostgresChangeFeed.start(database), now);
    }

    @AfterEach
    void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void aRevokeOnNodeAIsSeenOnNodeBWithinASecond() {
        Lease pending = nodeA.service.request(CI_BOT, "study-42", Optional.empty(), "");
        Lease approved = nodeB.service.approve(ALICE, pending.id(), Optional.empty(), Optional.empty());
        nodeA.service.fetchCredential(CI_BOT, pending.id()).close();

        List<LeaseChange> seenOnB = new CopyOnWriteArrayList<>();
        try (var subscription = nodeB.feed.subscribe(seenOnB::add)) {
            Lease revoked = nodeA.service.revoke(ALICE, pending.id(), Optional.of("incident"));
            await().atMost(Duration.ofSeconds(1)).until(() -> seenOnB.contains(
                    new LeaseChange(revoked.id(), revoked.version(), LeaseState.ENDED)));
        }
        assertThat(nodeB.service.get(pending.id()).state()).isEqualTo(LeaseState.ENDED);
        assertThat(approved.state()).isEqualTo(LeaseState.APPROVED);
    }

    @Test
    void aWaiterOnNodeBIsWokenByAnApprovalOnNodeA() throws Exception {
        Lease pending = nodeB.service.request(CI_BOT, "study-42", Optional.empty(), "");
        CompletableFuture<Lease> waiting = nodeB.service.awaitChange(pending.id(), pending.version(),
                Duration.ofSeconds(30));
        assertThat(waiting).isNotDone();
        Lease approved = nodeA.service.approve(ALICE, pending.id(), Optional.empty(), Optional.empty());
        await().atMost(Duration.ofSeconds(1)).until(waiting::isDone);
        assertThat(waiting.get()).isEqualTo(approved);
    }
}
