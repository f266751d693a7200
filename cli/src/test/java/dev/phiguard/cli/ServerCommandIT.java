package dev.phiguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code phiguard server} on embedded defaults: starts, serves the development lease, stops cleanly. */
class ServerCommandIT {

    @Test
    void servesTheDevelopmentLeaseAndStopsCleanly(@TempDir Path dataDir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("server",
                "--data-dir", dataDir.toString(), "--proxy-listen", "127.0.0.1:0", "--patients", "50"));
        await().atMost(Duration.ofMinutes(2)).until(() -> out.toString().contains("Press Ctrl-C") || exit.isDone());
        assertThat(exit).as(err.toString()).isNotDone();

        Path envFile = dataDir.resolve("dev-lease.env");
        assertThat(Files.getPosixFilePermissions(envFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(envFile)) {
            if (!line.startsWith("#") && line.contains("=")) {
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        assertThat(env).containsKeys("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSSLMODE",
                "DATABASE_URL");
        assertThat(out.toString()).doesNotContain(env.get("PGPASSWORD"));
        assertThat(err.toString()).doesNotContain(env.get("PGPASSWORD"));

        Properties p = new Properties();
        p.setProperty("user", env.get("PGUSER"));
        p.setProperty("password", env.get("PGPASSWORD"));
        p.setProperty("sslmode", "require");
        String url = "jdbc:postgresql://" + env.get("PGHOST") + ":" + env.get("PGPORT") + "/" + env.get("PGDATABASE");
        try (Connection c = DriverManager.getConnection(url, p)) {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM patients WHERE patient_id > 0")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(50);
            }
            // the bundled study-42 policy is enforced: identifiers come back masked
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT ssn, last_name FROM patients WHERE patient_id = 1")) {
                rs.next();
                assertThat(rs.getString(1)).matches("\\*\\*\\*-\\*\\*-\\d{4}");
                assertThat(rs.getString(2)).isEqualTo("***");
            }
        }

        ((ServerCommand) cli.getSubcommands().get("server").getCommand()).stop.countDown();
        assertThat(exit.get(1, TimeUnit.MINUTES)).isZero();
        assertThat(out.toString()).contains("shutting down");
    }

    @Test
    void aBusyPortIsAClearError(@TempDir Path dataDir) throws Exception {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "server", "--data-dir",
                    dataDir.toString(), "--proxy-listen", "127.0.0.1:" + socket.getLocalPort(), "--patients", "10");
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("cannot listen on").contains(String.valueOf(socket.getLocalPort()))
                    .contains("--proxy-listen");
        }
    }
}
