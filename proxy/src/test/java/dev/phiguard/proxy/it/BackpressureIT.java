package dev.phiguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phiguard.sampledata.EmbeddedTarget;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that asks for a result of about a gigabyte and then stops reading: the proxy stops reading from
 * the server once its buffer towards the client is full, so the server's backend ends up blocked writing to
 * the proxy ({@code wait_event = ClientWrite}) and the proxy holds a bounded amount of memory instead of the
 * result. Closing the client then ends the session on both sides.
 */
@ExtendWith(SharedDatabase.class)
class BackpressureIT {
    private static final String MARKER = "backpressure_it_marker";
    /** 5 million rows of about 220 bytes on the wire each: about 1.1 GB. */
    private static final String HUGE_RESULT = "SELECT g, repeat('x', 200) AS " + MARKER
            + " FROM generate_series(1, 5000000) g";
    private static final long RESULT_BYTES = 5_000_000L * 220;
    /** What the proxy may hold meanwhile: its 256 KiB water mark, a read burst, allocator chunks, noise. */
    private static final long MEMORY_BUDGET = 64L << 20;

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
    void aClientThatStopsReadingBlocksTheServerNotTheProxysMemory() throws Exception {
        long memoryBefore = memoryInUse();
        RawPgClient client = new RawPgClient(harness.port());
        try {
            client.socket.setReceiveBufferSize(4096);
            client.login(ProxyHarness.USER, harness.database.database(), harness.password);
            client.sendTyped('Q', (HUGE_RESULT + "\0").getBytes(StandardCharsets.UTF_8));
            // ... and never reads again

            int pid = await().atMost(Duration.ofSeconds(10)).until(BackpressureIT::backendRunningTheQuery,
                    Optional::isPresent).orElseThrow();
            await().atMost(Duration.ofSeconds(30)).until(() -> stillSending(pid), "ClientWrite"::equals);
            // and it stays blocked: the proxy does not drain the server into its own memory
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> stillSending(pid), "ClientWrite"::equals);

            long grown = memoryInUse() - memoryBefore;
            assertThat(grown).as("memory the proxy's JVM holds while the result waits (result: %d bytes)",
                    RESULT_BYTES).isLessThan(MEMORY_BUDGET);
            assertThat(harness.proxy.sessionCount()).isEqualTo(1);

            client.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> harness.proxy.sessionCount() == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> backendGone(pid));
            assertThat(harness.leases.sessions(ProxyHarness.USER)).isZero();
        } finally {
            client.close();
        }
    }

    /** The pid of the backend running {@link #HUGE_RESULT}, if any. */
    private static Optional<Integer> backendRunningTheQuery() throws SQLException {
        try (Connection c = harness.database.superuserConnection();
             PreparedStatement s = c.prepareStatement("SELECT pid FROM pg_stat_activity"
                     + " WHERE query = ? AND state = 'active' AND pid <> pg_backend_pid()")) {
            s.setString(1, HUGE_RESULT);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    /**
     * The wait event of the backend, which must still be running the query: if it has finished, the whole
     * result has left the server, so someone (the proxy) took it all in.
     */
    private static String stillSending(int pid) throws SQLException {
        try (Connection c = harness.database.superuserConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT state, coalesce(wait_event, '') FROM pg_stat_activity WHERE pid = ?")) {
            s.setInt(1, pid);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("the backend still exists").isTrue();
                assertThat(rs.getString(1)).as("the state of the backend running the huge query").isEqualTo("active");
                return rs.getString(2);
            }
        }
    }

    private static boolean backendGone(int pid) throws SQLException {
        try (Connection c = harness.database.superuserConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
            s.setInt(1, pid);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        }
    }

    /**
     * Heap in use after a full collection, plus the direct memory of the JVM's NIO buffer pool and of Netty's
     * default allocator (where the proxy's buffers come from).
     */
    private static long memoryInUse() {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long nio = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        long netty = ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider metric
                ? metric.metric().usedDirectMemory() + metric.metric().usedHeapMemory() : 0;
        return heap + nio + netty;
    }
}
