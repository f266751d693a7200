package dev.phiguard.broker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phiguard.broker.lease.LeaseState;
import dev.phiguard.sampledata.EmbeddedTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The PostgreSQL change feed on a real server: across feeds, once per subscriber, and after a lost connection. */
class PostgresChangeFeedIT {

    private static EmbeddedTarget server;
    private static DataSource database;

    @BeforeAll
    static void startServer() {
        server = EmbeddedTarget.builder().patients(0).start();
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {server.host()});
        source.setPortNumbers(new int[] {server.port()});
        source.setDatabaseName(server.database());
        source.setUser(EmbeddedTarget.SUPERUSER);
        source.setPassword(server.superuserPassword());
        database = source;
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static LeaseChange change(long version) {
        return new LeaseChange("lease-abcdefghijklmnop", version, LeaseState.APPROVED);
    }

    @Test
    void aChangeReachesTheOtherFeedAndEachSubscriberOnce() {
        List<LeaseChange> onA = new CopyOnWriteArrayList<>();
        List<LeaseChange> onB = new CopyOnWriteArrayList<>();
        try (PostgresChangeFeed a = PostgresChangeFeed.start(database);
             PostgresChangeFeed b = PostgresChangeFeed.start(database)) {
            a.subscribe(onA::add);
            b.subscribe(onB::add);

            a.publish(change(2));
            assertThat(onA).containsExactly(change(2)); // delivered locally at once
            await().atMost(Duration.ofSeconds(1)).until(() -> onB.contains(change(2)));

            // B's answer reaching A proves A has processed its own notification too: it was not delivered again
            b.publish(change(3));
            await().atMost(Duration.ofSeconds(1)).until(() -> onA.contains(change(3)));
            assertThat(onA).containsExactly(change(2), change(3));
            assertThat(onB).containsExactly(change(2), change(3));
        }
    }

    @Test
    void aMalformedNotificationIsIgnored() throws Exception {
        List<LeaseChange> received = new CopyOnWriteArrayList<>();
        try (PostgresChangeFeed feed = PostgresChangeFeed.start(database);
             PostgresChangeFeed other = PostgresChangeFeed.start(database)) {
            feed.subscribe(received::add);
            try (Connection connection = database.getConnection();
                 PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                for (String payload : new String[] {"garbage", "x lease-abcdefghijklmnop NaN APPROVED",
                                                    "x not-a-lease 2 APPROVED", "x lease-abcdefghijklmnop 2 HAPPY"}) {
                    notify.setString(1, PostgresChangeFeed.CHANNEL);
                    notify.setString(2, payload);
                    notify.execute();
                }
            }
            other.publish(change(4));
            await().atMost(Duration.ofSeconds(1)).until(() -> !received.isEmpty());
            assertThat(received).containsExactly(change(4));
        }
    }

    @Test
    void theFeedReconnectsAfterItsConnectionIsKilled() throws Exception {
        List<LeaseChange> received = new CopyOnWriteArrayList<>();
        CountDownLatch resynchronised = new CountDownLatch(1);
        try (PostgresChangeFeed feed = PostgresChangeFeed.start(database);
             PostgresChangeFeed other = PostgresChangeFeed.start(database)) {
            feed.subscribe(new LeaseChangeListener() {
                @Override
                public void changed(LeaseChange change) {
                    received.add(change);
                }

                @Override
                public void changesMayHaveBeenMissed() {
                    resynchronised.countDown();
                }
            });
            try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                 ResultSet killed = statement.executeQuery("SELECT count(pg_terminate_backend(pid))"
                         + " FROM pg_stat_activity WHERE application_name = '"
                         + PostgresChangeFeed.APPLICATION_NAME + "'")) {
                killed.next();
                assertThat(killed.getInt(1)).isEqualTo(2);
            }
            assertThat(resynchronised.await(10, TimeUnit.SECONDS)).isTrue();
            other.publish(change(5));
            await().atMost(Duration.ofSeconds(1)).until(() -> received.contains(change(5)));
        }
    }
}
