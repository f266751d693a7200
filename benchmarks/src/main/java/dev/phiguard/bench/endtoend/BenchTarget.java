package dev.phiguard.bench.endtoend;

import dev.phiguard.sampledata.EmbeddedTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;

/**
 * The one PostgreSQL server of a {@code scripts/bench} run: the sampledata module's {@link EmbeddedTarget} with the
 * synthetic patients, as {@code phiguard server} starts it, kept running until the process is terminated.
 * It writes into the directory given:
 * <ul>
 *   <li>{@code app.env} (0600): PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE of the application role, the role
 *       that phiguard, PgBouncer and the direct column all log in as;</li>
 *   <li>{@code admin.env} (0600): the same for the superuser, to initialise pgbench's tables and grant them;</li>
 *   <li>{@code target.info}: the data directory, for the script (no secret).</li>
 * </ul>
 * Usage: {@code BenchTarget PATIENTS DIR}. Prints {@code ready} once the files are written.
 */
public final class BenchTarget {

    private BenchTarget() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BenchTarget PATIENTS DIR");
            System.exit(2);
        }
        long patients = Long.parseLong(args[0]);
        Path dir = Path.of(args[1]);
        EmbeddedTarget target = EmbeddedTarget.builder().patients(patients).start();
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            target.close();
            closed.countDown();
        }, "bench-target-stop"));
        writePrivate(dir.resolve("app.env"), env(target, target.appUser(), target.appPassword()));
        writePrivate(dir.resolve("admin.env"), env(target, EmbeddedTarget.SUPERUSER, target.superuserPassword()));
        Files.writeString(dir.resolve("target.info"), "PGDATA=" + target.dataDirectory() + "\n", StandardCharsets.UTF_8);
        System.out.println("ready");
        System.out.flush();
        closed.await();
    }

    private static String env(EmbeddedTarget target, String user, String password) {
        return "PGHOST=" + target.host() + "\nPGPORT=" + target.port() + "\nPGUSER=" + user + "\nPGPASSWORD="
                + password + "\nPGDATABASE=" + target.database() + "\n";
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
