package dev.phiguard.broker.store;

import static dev.phiguard.broker.store.StoreLeases.ADMIN;
import static dev.phiguard.broker.store.StoreLeases.ALICE;
import static dev.phiguard.broker.store.StoreLeases.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseEvent;
import dev.phiguard.sampledata.EmbeddedTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The lease store contract on a real PostgreSQL (the embedded target's server), one fresh database per test; plus
 * what only a shared store does: two nodes on one database.
 */
class JdbcLeaseStorePostgresIT extends LeaseStoreContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedTarget server;
    private DataSource database;

    @BeforeAll
    static void startServer() {
        server = EmbeddedTarget.builder().patients(0).start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected void prepareEmptyBackend() throws Exception {
        String name = "lease_store_" + DATABASES.incrementAndGet();
        try (Connection connection = server.superuserConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {server.host()});
        source.setPortNumbers(new int[] {server.port()});
        source.setDatabaseName(name);
        source.setUser(EmbeddedTarget.SUPERUSER);
        source.setPassword(server.superuserPassword());
        database = source;
    }

    @Override
    protected LeaseStore open() {
        return JdbcLeaseStore.shared(database);
    }

    @Test
    void twoNodesShareLeasesAndOnlyOneWinsARace() throws Exception {
        try (LeaseStore other = open()) {
            Lease approved = StoreLeases.approve(StoreLeases.pending(T0), ALICE, Optional.empty(), T0.plusSeconds(1));
            store.create(approved);
            assertThat(other.find(approved.id())).contains(approved);

            Lease revoked = StoreLeases.apply(approved, new LeaseEvent.Revoked(ADMIN, Optional.empty()),
                    T0.plusSeconds(2));
            Lease completed = StoreLeases.apply(approved, new LeaseEvent.Completed(), T0.plusSeconds(2));
            other.update(revoked, approved.version());
            assertThatThrownBy(() -> store.update(completed, approved.version()))
                    .isInstanceOf(StaleLeaseException.class);
            assertThat(store.find(approved.id())).contains(revoked);
        }
    }

    @Test
    void nodesStartingTogetherMigrateOnce() throws Exception {
        prepareEmptyBackend();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<LeaseStore>> nodes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                nodes.add(threads.submit(() -> {
                    start.await();
                    return open();
                }));
            }
            start.countDown();
            for (Future<LeaseStore> node : nodes) {
                node.get().close();
            }
        } finally {
            threads.shutdownNow();
        }
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(*), count(DISTINCT version) FROM " + JdbcLeaseStore.HISTORY_TABLE
                             + " WHERE success")) {
            rows.next();
            assertThat(rows.getInt(2)).isPositive(); // every migration ran ...
            assertThat(rows.getInt(1)).isEqualTo(rows.getInt(2)); // ... once

        }
    }
}
