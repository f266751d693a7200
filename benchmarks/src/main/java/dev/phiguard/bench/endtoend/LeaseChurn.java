package dev.phiguard.bench.endtoend;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures complete lease cycles against a running {@code phiguard server}: request a lease for a purpose whose
 * policy needs no approval (granted at once), fetch its one-time credential, connect through the proxy with it, run
 * one query, disconnect, and revoke (or end) the lease. {@code WORKERS} threads run cycles back to back for
 * {@code WARMUP_SECONDS} (not counted) and then {@code SECONDS}; a cycle counts when it starts in the measured
 * window.
 * <p>
 * Usage: {@code LeaseChurn WORKERS WARMUP_SECONDS SECONDS PURPOSE [revoke|end]}, with the broker's address in
 * {@code PHIGUARD_URL} and a bearer token in {@code PHIGUARD_TOKEN} (never an argument). Prints one JSON object:
 * {@code {"workers", "seconds", "cycles", "cycles_per_second", "p50_ms", "p99_ms", "max_ms", "failures",
 * "first_failure", "steps": {"request": {"p50_ms", "p99_ms"}, ...}}}. Exits 1 when no cycle succeeded.
 */
public final class LeaseChurn {
    private static final String QUERY = "SELECT ssn FROM patients WHERE patient_id = 1";
    private static final String LEASE_TTL = "5m";

    /** The timed parts of a cycle. */
    enum Step { REQUEST, CREDENTIAL, CONNECT, QUERY, DISCONNECT, FINISH }

    private final LeaseApi api;
    private final String purpose;
    private final LeaseApi.Finish finish;

    LeaseChurn(LeaseApi api, String purpose, LeaseApi.Finish finish) {
        this.api = api;
        this.purpose = purpose;
        this.finish = finish;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length > 5) {
            System.err.println("usage: LeaseChurn WORKERS WARMUP_SECONDS SECONDS PURPOSE [revoke|end]"
                    + " (PHIGUARD_URL and PHIGUARD_TOKEN in the environment)");
            System.exit(2);
        }
        int workers = Integer.parseInt(args[0]);
        double warmup = Double.parseDouble(args[1]);
        double seconds = Double.parseDouble(args[2]);
        LeaseApi.Finish finish = args.length == 5 ? LeaseApi.Finish.valueOf(args[4].toUpperCase(Locale.ROOT))
                : LeaseApi.Finish.REVOKE;
        String url = System.getenv("PHIGUARD_URL");
        String token = System.getenv("PHIGUARD_TOKEN");
        if (url == null || url.isBlank() || token == null || token.isBlank()) {
            System.err.println("LeaseChurn: PHIGUARD_URL and PHIGUARD_TOKEN must be set");
            System.exit(2);
        }
        Result result = new LeaseChurn(new LeaseApi(URI.create(url), token), args[3], finish)
                .run(workers, warmup, seconds);
        System.out.println(result.json());
        if (result.cycles.size() == 0) {
            System.exit(1);
        }
    }

    /** What the workers measured, merged. */
    record Result(int workers, double seconds, Latencies cycles, Map<Step, Latencies> steps, long failures,
                  String firstFailure) {

        String json() {
            StringBuilder steps = new StringBuilder();
            for (Map.Entry<Step, Latencies> e : this.steps.entrySet()) {
                steps.append(steps.length() == 0 ? "" : ",").append(String.format(Locale.ROOT,
                        "\"%s\":{\"p50_ms\":%s,\"p99_ms\":%s}", e.getKey().name().toLowerCase(Locale.ROOT),
                        number(e.getValue().percentileMillis(50)), number(e.getValue().percentileMillis(99))));
            }
            return String.format(Locale.ROOT, "{\"workers\":%d,\"seconds\":%.3f,\"cycles\":%d,\"cycles_per_second\":%.1f,"
                            + "\"p50_ms\":%s,\"p99_ms\":%s,\"max_ms\":%s,\"failures\":%d,\"first_failure\":%s,"
                            + "\"steps\":{%s}}",
                    workers, seconds, cycles.size(), cycles.size() / seconds, number(cycles.percentileMillis(50)),
                    number(cycles.percentileMillis(99)), number(cycles.percentileMillis(100)), failures,
                    firstFailure == null ? "null" : quote(firstFailure), steps);
        }

        private static String number(double value) {
            return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.3f", value);
        }

        private static String quote(String text) {
            return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", " ") + "\"";
        }
    }

    Result run(int workers, double warmupSeconds, double seconds) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long measureUntil = measureFrom + (long) (seconds * 1e9);
        List<Worker> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Worker w = new Worker(measureFrom, measureUntil);
            all.add(w);
            threads.add(new Thread(w, "churn-" + i));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        Latencies cycles = new Latencies();
        Map<Step, Latencies> steps = new EnumMap<>(Step.class);
        long failures = 0;
        String firstFailure = null;
        long lastEnd = measureUntil;
        for (Worker w : all) {
            cycles.addAll(w.cycles);
            w.steps.forEach((step, l) -> steps.computeIfAbsent(step, s -> new Latencies()).addAll(l));
            failures += w.failures;
            firstFailure = firstFailure == null ? w.firstFailure.get() : firstFailure;
            lastEnd = Math.max(lastEnd, w.lastEnd);
        }
        return new Result(workers, (lastEnd - measureFrom) / 1e9, cycles, steps, failures, firstFailure);
    }

    /** One thread running cycles back to back until the measured window closes. */
    private final class Worker implements Runnable {
        private final long measureFrom;
        private final long measureUntil;
        final Latencies cycles = new Latencies();
        final Map<Step, Latencies> steps = new EnumMap<>(Step.class);
        final AtomicReference<String> firstFailure = new AtomicReference<>();
        long failures;
        long lastEnd;

        Worker(long measureFrom, long measureUntil) {
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
            for (Step s : Step.values()) {
                steps.put(s, new Latencies());
            }
        }

        @Override
        public void run() {
            long[] times = new long[Step.values().length];
            for (long begin = System.nanoTime(); begin < measureUntil; begin = System.nanoTime()) {
                boolean counted = begin >= measureFrom;
                try {
                    cycle(times);
                    long end = System.nanoTime();
                    if (counted) {
                        cycles.add(end - begin);
                        for (Step s : Step.values()) {
                            steps.get(s).add(times[s.ordinal()]);
                        }
                        lastEnd = end;
                    }
                } catch (Exception e) {
                    if (counted) {
                        failures++;
                    }
                    firstFailure.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        /** One complete cycle; {@code times} receives each step's duration in nanoseconds. */
        private void cycle(long[] times) throws Exception {
            long t = System.nanoTime();
            LeaseApi.Granted lease = api.request(purpose, LEASE_TTL);
            t = lap(times, Step.REQUEST, t);
            try {
                PgEnv credential = api.credential(lease.id());
                t = lap(times, Step.CREDENTIAL, t);
                Connection connection = credential.connect(Map.of());
                t = lap(times, Step.CONNECT, t);
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery(QUERY)) {
                    while (rows.next()) {
                        rows.getString(1);
                    }
                } catch (Exception e) {
                    connection.close();
                    throw e;
                }
                t = lap(times, Step.QUERY, t);
                connection.close();
                t = lap(times, Step.DISCONNECT, t);
            } finally {
                api.finish(lease.id(), finish);
                lap(times, Step.FINISH, t);
            }
        }

        private long lap(long[] times, Step step, long since) {
            long now = System.nanoTime();
            times[step.ordinal()] = now - since;
            return now;
        }
    }
}
