package dev.phiguard.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phiguard.cli.client.BearerToken;
import dev.phiguard.cli.client.BrokerClient;
import dev.phiguard.cli.client.Lease;
import dev.phiguard.cli.client.LeaseFilter;
import dev.phiguard.cli.client.LeaseState;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The story of a CI job and a reviewer, each command a separate process of the real launcher
 * ({@code scripts/phiguard}), against a server on embedded defaults: token issue, {@code lease --wait} blocks,
 * {@code approve} from another process releases it, psql through the proxy sees masked SSNs, {@code revoke} ends
 * it and psql is refused; and {@code lease ... -- CMD} returns CMD's exit code and ends the lease afterwards. The
 * credential never shows in a process argument list, the server's output or the commands' messages.
 */
class LauncherEndToEndIT {

    @TempDir
    static Path work;

    private static ServerProcess server;
    private static String url;
    private static String ciToken;
    private static String reviewerToken;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.startWithLauncher(work, List.of("--data-dir", work.resolve("state").toString(),
                "--listen", "127.0.0.1:0", "--proxy-listen", "127.0.0.1:0", "--patients", "200"));
        url = server.apiUrl().orElseThrow();
        ciToken = token("ci-bot", "ci");
        reviewerToken = token("alice", "reviewers");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            // 143 = 128 + SIGTERM: the JVM's conventional status after its shutdown hooks ran
            assertThat(server.terminate()).as("the server exits on SIGTERM").isIn(0, 143);
            assertThat(server.output()).contains("shutting down");
        }
    }

    private static String token(String subject, String group) throws Exception {
        Launcher.Result issued = Launcher.run(Map.of("PHIGUARD_URL", url), "token", "issue", "--subject", subject,
                "--group", group);
        assertThat(issued.exitCode()).as(issued.err()).isZero();
        return issued.out().trim();
    }

    private static Map<String, String> as(String token) {
        return Map.of("PHIGUARD_URL", url, "PHIGUARD_TOKEN", token);
    }

    private static String awaitPendingLease(String reason) {
        BrokerClient client = new BrokerClient(URI.create(url), Optional.of(BearerToken.of(reviewerToken)));
        return await().atMost(Duration.ofMinutes(1)).until(() -> client.leases(new LeaseFilter(
                                Optional.of(LeaseState.PENDING), Optional.of("study-42"), Optional.empty(), 100))
                        .stream().filter(l -> reason.equals(l.reason())).map(Lease::id).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    private static Map<String, String> envLines(String text) {
        Map<String, String> env = new HashMap<>();
        for (String line : text.split("\n")) {
            String l = line.startsWith("export ") ? line.substring(7) : line;
            int eq = l.indexOf('=');
            if (eq > 0) {
                String value = l.substring(eq + 1);
                if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                    value = value.substring(1, value.length() - 1).replace("'\\''", "'");
                }
                env.put(l.substring(0, eq), value);
            }
        }
        return env;
    }

    private static Launcher.Result psql(Map<String, String> env, String sql) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql);
        builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
        env.forEach((k, v) -> {
            if (k.startsWith("PG")) {
                builder.environment().put(k, v);
            }
        });
        return Launcher.finish(builder.start());
    }

    @Test
    void aCiJobWaitsForAReviewerThenReadsMaskedRowsUntilRevoked() throws Exception {
        Process lease = Launcher.start(as(ciToken), "lease", "--purpose", "study-42", "--reason", "e2e-eval",
                "--ttl", "10m", "--wait", "2m", "--format", "env");
        String leaseId = awaitPendingLease("e2e-eval");
        assertThat(lease.isAlive()).as("lease --wait blocks until approval").isTrue();

        Launcher.Result approved = Launcher.run(as(reviewerToken), "approve", leaseId, "--reason", "looks fine");
        assertThat(approved.exitCode()).as(approved.err()).isZero();
        Launcher.Result leased = Launcher.finish(lease);
        assertThat(leased.exitCode()).as(leased.err()).isZero();
        Map<String, String> env = envLines(leased.out());
        assertThat(env).containsKeys("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSSLMODE",
                "DATABASE_URL");
        String password = env.get("PGPASSWORD");
        assertThat(env.get("PGUSER")).isEqualTo(leaseId);

        Launcher.Result masked = psql(env, "SELECT ssn FROM patients ORDER BY patient_id LIMIT 3");
        assertThat(masked.exitCode()).as(masked.err()).isZero();
        assertThat(masked.out().trim().split("\n")).hasSize(3)
                .allSatisfy(ssn -> assertThat(ssn).matches("\\*\\*\\*-\\*\\*-\\d{4}"));

        Launcher.Result revoked = Launcher.run(as(reviewerToken), "revoke", leaseId, "--reason", "done");
        assertThat(revoked.exitCode()).as(revoked.err()).isZero();
        Launcher.Result refused = psql(env, "SELECT 1");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("revoked");

        assertThat(server.output()).doesNotContain(password).doesNotContain(ciToken).doesNotContain(reviewerToken);
        assertThat(leased.err()).doesNotContain(password);
        assertThat(approved.out() + approved.err() + revoked.out() + revoked.err()).doesNotContain(password);
    }

    @Test
    void aCommandRunsWithTheCredentialInItsEnvironmentAndTheLeaseEndsWhenItExits() throws Exception {
        // The command proves the password is in no process's argument list (it reads every /proc/N/cmdline using
        // only shell builtins and cat, whose own arguments hold no secret), queries through the proxy, and exits 7.
        String script = "printf %s \"$PGPASSWORD\" > pw; "
                + "for p in /proc/[0-9]*; do cat \"$p/cmdline\" 2>/dev/null; echo; done > cmdlines; "
                + "if grep -q -F -f pw cmdlines; then echo LEAKED-IN-ARGV; exit 9; fi; rm -f pw; "
                + "psql -X -At -c 'SELECT ssn FROM patients WHERE patient_id = 1' || exit 8; exit 7";
        Process lease = Launcher.start(as(ciToken), "lease", "--purpose", "study-42", "--reason", "e2e-cmd",
                "--wait", "2m", "--", "bash", "-c", "cd " + work + " && " + script);
        String leaseId = awaitPendingLease("e2e-cmd");
        Launcher.Result approved = Launcher.run(as(reviewerToken), "approve", leaseId);
        assertThat(approved.exitCode()).as(approved.err()).isZero();

        Launcher.Result ran = Launcher.finish(lease);
        assertThat(ran.out()).doesNotContain("LEAKED-IN-ARGV");
        assertThat(ran.exitCode()).as(ran.out() + ran.err()).isEqualTo(7);
        assertThat(ran.out().trim()).matches("\\*\\*\\*-\\*\\*-\\d{4}");

        BrokerClient client = new BrokerClient(URI.create(url), Optional.of(BearerToken.of(reviewerToken)));
        Lease after = client.lease(leaseId);
        assertThat(after.state()).isEqualTo(LeaseState.ENDED);
    }
}
