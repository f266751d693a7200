package dev.phiguard.bench.endtoend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Opens many concurrent sessions through the proxy (connection details from the environment, {@link PgEnv}) and
 * reads the proxy's heap after a full collection ({@link JvmProbe}): before, with every session idle (logged in,
 * one {@code SELECT 1} done), with every session active (each on its own thread running {@code SELECT 1} in a loop),
 * and after closing them all. Usage: {@code ManySessions SESSIONS PROXY_PID ACTIVE_SECONDS [LEASE_DIR]}: with
 * {@code LEASE_DIR}, the sessions are spread round-robin over the credentials of the {@code *.env} files in it (one
 * per lease, as {@code phiguard lease --format env} writes them, {@link EnvFile}), since a lease admits at most 100
 * concurrent sessions. Prints one JSON object.
 */
public final class ManySessions {
    private static final int CONNECT_THREADS = 8;

    private ManySessions() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: ManySessions SESSIONS PROXY_PID ACTIVE_SECONDS [LEASE_DIR]");
            System.exit(2);
        }
        int sessions = Integer.parseInt(args[0]);
        JvmProbe proxy = new JvmProbe(Long.parseLong(args[1]));
        double activeSeconds = Double.parseDouble(args[2]);
        List<PgEnv> credentials = args.length == 4 ? leases(Path.of(args[3]))
                : List.of(PgEnv.fromEnvironment(System.getenv()));

        long heapBefore = proxy.heapAfterGc();
        long rssBefore = proxy.status("VmRSS");
        long connectStart = System.nanoTime();
        List<Connection> connections = open(credentials, sessions);
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        try {
            long heapIdle = proxy.heapAfterGc();
            long rssIdle = proxy.status("VmRSS");
            Active active = runActive(connections, proxy, activeSeconds);
            System.out.printf("{\"sessions\":%d,\"connect_seconds\":%.3f,\"heap_before\":%d,\"heap_idle\":%d,"
                            + "\"heap_active\":%d,\"rss_before\":%d,\"rss_idle\":%d,\"rss_active\":%d,"
                            + "\"heap_per_idle_session\":%d,\"heap_per_active_session\":%d,"
                            + "\"active_queries_per_second\":%.1f",
                    sessions, connectSeconds, heapBefore, heapIdle, active.heap, rssBefore, rssIdle, active.rss,
                    (heapIdle - heapBefore) / sessions, (active.heap - heapBefore) / sessions,
                    active.queries / activeSeconds);
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
        System.out.printf(",\"heap_after_close\":%d}%n", proxy.heapAfterGc());
    }

    /** The credentials of the {@code *.env} files in {@code dir}, in name order; at least one. */
    static List<PgEnv> leases(Path dir) throws IOException {
        List<PgEnv> credentials = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".env")).sorted().toList()) {
                credentials.add(PgEnv.fromFile(file));
            }
        }
        if (credentials.isEmpty()) {
            throw new IOException("no *.env lease file in " + dir);
        }
        return credentials;
    }

    private static List<Connection> open(List<PgEnv> credentials, int sessions) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONNECT_THREADS);
        try {
            List<Future<Connection>> futures = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                PgEnv env = credentials.get(i % credentials.size());
                futures.add(pool.submit(() -> {
                    Connection c = env.connect(Map.of());
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT 1");
                    }
                    return c;
                }));
            }
            List<Connection> connections = new ArrayList<>();
            SQLException failure = null;
            for (Future<Connection> f : futures) {
                try {
                    connections.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failure = failure == null ? new SQLException("a session could not be opened", e.getCause())
                            : failure;
                }
            }
            if (failure != null) {
                for (Connection c : connections) {
                    c.close();
                }
                throw failure;
            }
            return connections;
        } finally {
            pool.shutdownNow();
        }
    }

    private record Active(long heap, long rss, long queries) {
    }

    /** Every session loops on SELECT 1; half-way through, the proxy's heap is read. */
    private static Active runActive(List<Connection> connections, JvmProbe proxy, double seconds) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong queries = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(connections.size());
        List<Thread> threads = new ArrayList<>();
        for (Connection c : connections) {
            Thread t = new Thread(null, () -> {
                started.countDown();
                try (Statement s = c.createStatement()) {
                    while (System.nanoTime() < deadline) {
                        s.execute("SELECT 1");
                        queries.incrementAndGet();
                    }
                } catch (SQLException e) {
                    failure.compareAndSet(null, e);
                }
            }, "session", 256 * 1024);
            threads.add(t);
            t.start();
        }
        started.await();
        Thread.sleep((long) (seconds * 500));
        long heap = proxy.heapAfterGc();
        long rss = proxy.status("VmRSS");
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Active(heap, rss, queries.get());
    }
}
