package dev.phiguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phiguard.sampledata.EmbeddedTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Terminating a lease cuts its sessions, even in the middle of a long query, within a second. */
@ExtendWith(SharedDatabase.class)
class SessionTerminationIT {
    private static ProxyHarness harness;

    @BeforeAll
    static void start(EmbeddedTarget database) {
        harness = ProxyHarness.start(database);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void terminatingTheLeaseCutsALongQueryWithinOneSecond() throws Exception {
        Connection connection = harness.viaProxy();
        Statement statement = connection.createStatement();
        CompletableFuture<SQLException> running = CompletableFuture.supplyAsync(() -> {
            try {
                statement.execute("SELECT pg_sleep(60)");
                return null;
            } catch (SQLException e) {
                return e;
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> JdbcThroughProxyIT.sleepingBackendsOf(harness) == 1);

        long started = System.nanoTime();
        int cut = harness.proxy.terminateLease(ProxyHarness.LEASE, "terminating connection: lease lease-it was revoked");
        SQLException error = running.get(1, TimeUnit.SECONDS);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(cut).isEqualTo(1);
        assertThat((Throwable) error).isNotNull();
        assertThat(error.getSQLState()).isEqualTo("57P01");
        assertThat(error.getMessage()).contains("lease lease-it was revoked");
        assertThat(elapsedMillis).isLessThan(1000);
        assertThat(connection.isValid(1)).isFalse();
        // the query was cancelled on the server too, and the server session ended
        await().atMost(Duration.ofSeconds(5)).until(() -> JdbcThroughProxyIT.sleepingBackendsOf(harness) == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> harness.proxy.sessionCount() == 0);
        connection.close();
    }

    @Test
    void otherLeasesAreNotTouched() throws Exception {
        try (Connection connection = harness.viaProxy()) {
            assertThat(harness.proxy.terminateLease("lease-other", "revoked")).isZero();
            assertThat(connection.isValid(2)).isTrue();
        }
    }
}
