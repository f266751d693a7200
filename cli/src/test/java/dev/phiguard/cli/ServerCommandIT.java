package dev.phiguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code phiguard server} on embedded defaults: starts, serves the development lease, stops cleanly. */
class ServerCommandIT {

    @Test
    void startsOnEmbeddedDefaultsPrintsWhereItListensAndStopsCleanly(@TempDir Path dataDir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("server",
                "--data-dir", dataDir.toString(), "--listen", "127.0.0.1:0", "--proxy-listen", "127.0.0.1:0",
                "--patients", "50"));
        await().atMost(Duration.ofMinutes(2)).until(() -> out.toString().contains("Press Ctrl-C") || exit.isDone());
        assertThat(exit).as(err.toString()).isNotDone();
        assertThat(out.toString()).contains("broker API", "PostgreSQL proxy", "phiguard token issue",
                "phiguard lease --purpose study-42");
        java.util.regex.Matcher proxy = java.util.regex.Pattern.compile("PostgreSQL proxy\\s+127.0.0.1:(\\d+)")
                .matcher(out.toString());
        assertThat(proxy.find()).isTrue();

        // a user name that is no lease is refused by the proxy, as any wrong password is
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "guess");
        String url = "jdbc:postgresql://127.0.0.1:" + proxy.group(1) + "/clinic";
        assertThatThrownBy(() -> DriverManager.getConnection(url, p)).hasMessageContaining("password authentication failed");
        assertThat(Files.exists(dataDir.resolve("dev-issuer.jwk"))).isTrue();
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("dev-issuer.jwk")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

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
