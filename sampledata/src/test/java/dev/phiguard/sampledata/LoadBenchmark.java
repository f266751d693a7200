package dev.phiguard.sampledata;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Measures how long an {@link EmbeddedTarget} takes to start with N patients, and how fast the generator alone
 * streams COPY text. Not a test; run it from the module directory:
 *
 * <pre>
 * mvn -q -B -pl sampledata -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp sampledata/target/test-classes:sampledata/target/classes:$(cat sampledata/target/cp.txt) \
 *     dev.phiguard.sampledata.LoadBenchmark 1000000
 * </pre>
 */
public final class LoadBenchmark {

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        long patients = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;

        long started = System.nanoTime();
        SyntheticPatients generator = new SyntheticPatients(EmbeddedTarget.DEFAULT_SEED);
        print("generator pools built", Duration.ofNanos(System.nanoTime() - started));
        streamOnly(generator, patients);

        for (int round = 1; round <= rounds; round++) {
            long jvmCpuBefore = jvmCpuNanos();
            try (EmbeddedTarget target = EmbeddedTarget.builder().patients(patients).start()) {
                LoadResult load = target.loadResult();
                System.out.printf(Locale.ROOT, "round %d: start %d ms in total, of which loading %d patients + %d"
                                + " encounters %d ms (%.0f patients/s); CPU: JVM %d ms, PostgreSQL server %d ms%n",
                        round, target.startupTime().toMillis(), load.patients(), load.encounters(),
                        load.elapsed().toMillis(), load.patients() / Math.max(1e-3, load.elapsed().toNanos() / 1e9),
                        (jvmCpuNanos() - jvmCpuBefore) / 1_000_000, serverCpuMillis(target));
            }
        }
    }

    private static void streamOnly(SyntheticPatients generator, long patients) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        long started = System.nanoTime();
        long bytes = drain(generator.patientsCopyText(patients), buffer);
        print("generated patients COPY text (" + (bytes >> 20) + " MiB)", Duration.ofNanos(System.nanoTime() - started));
        started = System.nanoTime();
        bytes = drain(generator.encountersCopyText(patients), buffer);
        print("generated encounters COPY text (" + (bytes >> 20) + " MiB)",
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the postmaster and its finished children (backends), from /proc; -1 when unavailable. */
    private static long serverCpuMillis(EmbeddedTarget target) {
        try {
            String pid = java.nio.file.Files.readAllLines(target.dataDirectory().resolve("postmaster.pid")).get(0);
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid.trim(), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = 0;
            for (int i = 11; i <= 14; i++) { // utime, stime, cutime, cstime
                ticks += Long.parseLong(fields[i]);
            }
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long drain(InputStream in, byte[] buffer) throws IOException {
        long total = 0;
        try (in) {
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                total += n;
            }
        }
        return total;
    }

    private static void print(String what, Duration elapsed) {
        System.out.printf(Locale.ROOT, "%s: %d ms%n", what, elapsed.toMillis());
    }
}
