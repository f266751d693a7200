package dev.phiguard.cli.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.Main;
import dev.phiguard.cli.client.FakeBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phiguard lease} against the documented API ({@link FakeBroker}), through {@link Main#run}. */
class LeaseCommandTest {
    private static final String LEASE = "lease-1f3k2m9q4r8t1v5w";
    private final FakeBroker broker = new FakeBroker();

    @AfterEach
    void stop() {
        broker.close();
    }

    record Run(int exitCode, String out, String err) {}

    private Run lease(String... args) {
        return run(Map.of("PHIGUARD_URL", broker.url().toString(), "PHIGUARD_TOKEN", FakeBroker.TOKEN), args);
    }

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), env, all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs the command in the background, waits until it long-polls, then lets the "reviewer" decide. */
    private Run decidedWhileWaiting(String state, String endReason, String reason, String... args) throws Exception {
        CompletableFuture<Run> run = CompletableFuture.supplyAsync(() -> lease(args));
        await().atMost(1, TimeUnit.MINUTES).until(() -> !broker.received("GET", "/v1/leases/" + LEASE).isEmpty());
        broker.decide(LEASE, state, endReason, reason);
        return run.get(1, TimeUnit.MINUTES);
    }

    @Test
    void waitsForApprovalThenPrintsEnvLinesOnStdoutOnly() throws Exception {
        Run run = decidedWhileWaiting("APPROVED", null, null, "lease", "--purpose", "study-42", "--ttl", "30m",
                "--reason", "nightly extract");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(CredentialOutput.env(new dev.phiguard.cli.client.DatabaseCredential(LEASE,
                FakeBroker.PASSWORD, "127.0.0.1", 6432, "clinic", "require")));
        assertThat(run.err()).contains("requested " + LEASE, "phiguard approve " + LEASE,
                "waiting for approval of " + LEASE, "approved").doesNotContain(FakeBroker.PASSWORD);
        assertThat(broker.received("POST", "/v1/leases").get(0).json().get("ttl").asText()).isEqualTo("PT30M");
        assertThat(broker.received("POST", "/v1/leases/" + LEASE + "/credential")).hasSize(1);
        assertThat(broker.received("POST", "/v1/leases/" + LEASE + "/end")).isEmpty();
    }

    @Test
    void aLeaseThatNeedsNoApprovalIsUsedAtOnceAndPrintedAsJson() {
        broker.newLeasesStartIn("APPROVED");
        Run run = lease("lease", "--purpose", "study-42", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"password\":").contains("\"lease\":\"" + LEASE + "\"");
        assertThat(run.out().lines()).hasSize(1);
        assertThat(broker.received("GET", "/v1/leases/" + LEASE)).isEmpty();
    }

    @Test
    void aDeniedLeaseExits3WithTheReviewersReason() throws Exception {
        Run run = decidedWhileWaiting("DENIED", null, "not this week", "lease", "--purpose", "study-42");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(run.err()).contains("was denied by alice: not this week");
        assertThat(run.out()).isEmpty();
        assertThat(broker.received("POST", "/v1/leases/" + LEASE + "/credential")).isEmpty();
    }

    @Test
    void aRevokedLeaseExits5() throws Exception {
        Run run = decidedWhileWaiting("ENDED", "REVOKED", "job misbehaving", "lease", "--purpose", "study-42");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.LEASE_ENDED);
        assertThat(run.err()).contains("has ended (REVOKED) by alice: job misbehaving");
    }

    @Test
    void aLeaseThatExpiresUnapprovedExits4() throws Exception {
        Run run = decidedWhileWaiting("EXPIRED", null, null, "lease", "--purpose", "study-42");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.TIMED_OUT);
    }

    @Test
    void waitingLongerThanWaitExits4AfterReissuingTheLongPoll() {
        Run run = lease("lease", "--purpose", "study-42", "--wait", "2s");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.TIMED_OUT);
        assertThat(run.err()).contains("is still pending after 2s (--wait)");
        assertThat(broker.received("GET", "/v1/leases/" + LEASE)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.query()).startsWith("waitForChangeFrom=1&timeout="));
    }

    @Test
    void aRefusedRequestExits3() {
        broker.override("POST", "/v1/leases", r -> FakeBroker.Answer.error(403, "requester_not_admitted",
                "ci-bot is not a requester of study-42"));
        Run run = lease("lease", "--purpose", "study-42");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(run.err().strip()).isEqualTo("phiguard: ci-bot is not a requester of study-42 (requester_not_admitted)");
    }

    @Test
    void anUnreachableBrokerExits6WithoutStackTrace() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = run(Map.of("PHIGUARD_TOKEN", FakeBroker.TOKEN), "lease", "--purpose", "study-42",
                "--url", "http://127.0.0.1:" + port);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err().strip()).isEqualTo("phiguard: cannot reach the broker at http://127.0.0.1:" + port
                + ": connection refused");
    }

    @Test
    void verbosePrintsTheStackTrace() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = run(Map.of("PHIGUARD_TOKEN", FakeBroker.TOKEN), "lease", "--purpose", "study-42",
                "--url", "http://127.0.0.1:" + port, "--verbose");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).contains("BrokerUnreachableException", "\tat ").doesNotContain(FakeBroker.TOKEN);
    }

    @Test
    void runsTheCommandWithTheCredentialInItsEnvironment(@TempDir Path dir) throws Exception {
        broker.newLeasesStartIn("APPROVED");
        Path seen = dir.resolve("seen");
        Run run = lease("lease", "--purpose", "study-42", "--", "bash", "-c",
                "umask 077; printf '%s\\n' \"$PGHOST\" \"$PGPORT\" \"$PGUSER\" \"$PGPASSWORD\" \"$PGDATABASE\""
                        + " \"$PGSSLMODE\" > \"$0\"", seen.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllLines(seen)).containsExactly("127.0.0.1", "6432", LEASE, FakeBroker.PASSWORD,
                "clinic", "require");
        assertThat(run.out() + run.err()).doesNotContain(FakeBroker.PASSWORD);
    }

    @Test
    void returnsTheCommandsExitCodeAndEndsTheLeaseAfterwards() {
        broker.newLeasesStartIn("APPROVED");
        Run run = lease("lease", "--purpose", "study-42", "--", "bash", "-c",
                "case \"$DATABASE_URL\" in postgresql://" + LEASE + ":*@127.0.0.1:6432/clinic?sslmode=require)"
                        + " exit 42;; *) exit 3;; esac");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(42);
        assertThat(run.err()).contains("ended " + LEASE).doesNotContain(FakeBroker.PASSWORD);
        assertThat(run.out()).doesNotContain(FakeBroker.PASSWORD);
        assertThat(broker.received("POST", "/v1/leases/" + LEASE + "/end")).hasSize(1);
    }

    @Test
    void endsTheLeaseWhenTheCommandCannotStart() {
        broker.newLeasesStartIn("APPROVED");
        Run run = lease("lease", "--purpose", "study-42", "--", "/no/such/command");
        assertThat(run.exitCode()).isEqualTo(CommandRunner.CANNOT_RUN);
        assertThat(broker.received("POST", "/v1/leases/" + LEASE + "/end")).hasSize(1);
    }

    @Test
    void endsTheLeaseWhenTheCredentialCannotBeFetched() {
        broker.newLeasesStartIn("APPROVED");
        broker.override("POST", "/v1/leases/" + LEASE + "/credential", r -> FakeBroker.Answer.error(409,
                "credential_already_fetched", "the credential was already handed out"));
        Run run = lease("lease", "--purpose", "study-42", "--", "true");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("(credential_already_fetched)");
        assertThat(broker.received("POST", "/v1/leases/" + LEASE + "/end")).hasSize(1);
    }

    @Test
    void formatAndCommandTogetherAreAUsageError() {
        Run run = lease("lease", "--purpose", "study-42", "--format", "env", "--", "true");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(broker.received()).isEmpty();
    }

    @Test
    void aTokenOnTheCommandLineWorksWithAWarning() {
        broker.newLeasesStartIn("APPROVED");
        Run run = run(Map.of("PHIGUARD_URL", broker.url().toString()), "lease", "--purpose", "study-42",
                "--token", FakeBroker.TOKEN);
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("warning: --token shows the token in the process list")
                .doesNotContain(FakeBroker.TOKEN);
    }
}
