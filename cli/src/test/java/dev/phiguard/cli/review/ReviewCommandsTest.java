package dev.phiguard.cli.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.Main;
import dev.phiguard.cli.client.BrokerClient;
import dev.phiguard.cli.client.FakeBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reviewer's, auditor's and identity commands against the documented API ({@link FakeBroker}). */
class ReviewCommandsTest {
    private final FakeBroker broker = new FakeBroker();

    @AfterEach
    void stop() {
        broker.close();
    }

    record Run(int exitCode, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of("PHIGUARD_URL", broker.url().toString(), "PHIGUARD_TOKEN", FakeBroker.TOKEN), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void leasesListsATableOrJsonWithTheFilters() throws Exception {
        broker.addLease("lease-a", "PENDING");
        Run table = run("leases", "--state", "pending", "--purpose", "study-42");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("ID ").contains("lease-a", "PENDING", "ci-bot", "acme/etl run 42",
                "nightly extract", "30m");
        assertThat(broker.received("GET", "/v1/leases").get(0).query())
                .isEqualTo("state=PENDING&purpose=study-42&limit=100");

        Run json = run("leases", "--format", "json");
        assertThat(BrokerClient.mapper().readTree(json.out()).get("leases").get(0).get("id").asText())
                .isEqualTo("lease-a");
    }

    @Test
    void aBadStateIsAUsageError() {
        Run run = run("leases", "--state", "SLEEPING");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--state SLEEPING: not a state");
        assertThat(broker.received()).isEmpty();
    }

    @Test
    void showPrintsOneLeaseInFull() {
        broker.addLease("lease-a", "PENDING");
        Run run = run("leases", "show", "lease-a");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("lease:", "lease-a", "requester:", "ci-bot (groups ci; issuer local;",
                "run_id=42", "approvals:     0 of 1 from reviewers", "pending until:");
        Run unknown = run("leases", "show", "lease-zz");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(unknown.err().strip()).isEqualTo("phiguard: no such lease (not_found)");
    }

    @Test
    void approveDenyAndRevokeSayWhatHappened() {
        broker.addLease("lease-a", "PENDING");
        broker.addLease("lease-b", "PENDING");
        assertThat(run("approve", "lease-a", "--reason", "ok").out())
                .isEqualTo("approved lease-a (purpose study-42): now APPROVED\n");
        assertThat(run("revoke", "lease-a").out()).isEqualTo("revoked lease-a (purpose study-42): now ENDED\n");
        assertThat(run("deny", "lease-b", "--reason", "not this week").out())
                .isEqualTo("denied lease-b (purpose study-42): now DENIED\n");
        assertThat(broker.received("POST", "/v1/leases/lease-b/deny").get(0).json().get("reason").asText())
                .isEqualTo("not this week");
    }

    @Test
    void denyNeedsAReason() {
        Run run = run("deny", "lease-a");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Missing required option: '--reason=TEXT'", "see 'phiguard deny --help'");
    }

    @Test
    void selfApprovalIsARefusalWithExitCode3() {
        broker.addLease("lease-a", "PENDING");
        broker.override("POST", "/v1/leases/lease-a/approve", r -> FakeBroker.Answer.error(403, "self_approval",
                "ci-bot cannot approve lease-a: they requested it"));
        Run run = run("approve", "lease-a");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(run.err().strip()).isEqualTo("phiguard: ci-bot cannot approve lease-a: they requested it"
                + " (self_approval)");
    }

    @Test
    void sessionsOfOneLeaseOrOfTheNewestLeases() {
        broker.addLease("lease-a", "ACTIVE");
        broker.addLease("lease-p", "PENDING");
        Run one = run("sessions", "--lease", "lease-a");
        assertThat(one.out()).contains("session-1", "lease-a", "open", "node-a");
        Run all = run("sessions");
        assertThat(all.out().lines()).hasSize(2);
        assertThat(broker.received("GET", "/v1/leases/lease-p/sessions")).isEmpty();
    }

    @Test
    void whoamiShowsTheIdentityAndNeverTheToken() {
        Run run = run("whoami");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("subject: ci-bot", "groups:  ci", "ci run:  acme/etl run 42", "run_id=42")
                .doesNotContain(FakeBroker.TOKEN);
    }

    @Test
    void tokenIssuePrintsOnlyTheToken() {
        Run run = run("token", "issue", "--subject", "ci-bot", "--group", "ci", "--claim", "run_id=42",
                "--ttl", "1h");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(FakeBroker.TOKEN + "\n");
        FakeBroker.Received sent = broker.received("POST", "/v1/tokens").get(0);
        assertThat(sent.authorization()).isNull();
        assertThat(sent.json().get("ttl").asText()).isEqualTo("PT1H");
    }

    @Test
    void tokenIssueOutsideDevelopmentModeSaysSo() {
        broker.withoutDevelopmentIssuer();
        Run run = run("token", "issue", "--subject", "ci-bot");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("does not issue development tokens");
    }

    @Test
    void thePasswordAppearsOnlyInTheCredentialOutput() {
        broker.newLeasesStartIn("APPROVED");
        Run lease = run("lease", "--purpose", "study-42");
        assertThat(lease.out()).contains("PGPASSWORD=");
        assertThat(lease.err()).doesNotContain(FakeBroker.PASSWORD);
        String id = "lease-1f3k2m9q4r8t1v5w";
        for (Run other : new Run[] {run("leases"), run("leases", "show", id), run("leases", "show", id, "--format",
                "json"), run("sessions"), run("whoami"), run("revoke", id), run("revoke", id, "--verbose")}) {
            assertThat(other.out() + other.err()).doesNotContain(FakeBroker.PASSWORD, FakeBroker.TOKEN);
        }
    }

    @Test
    void aMalformedCredentialAnswerLeavesNoTraceOfThePasswordEvenWithVerbose() {
        broker.newLeasesStartIn("APPROVED");
        broker.override("POST", "/v1/leases/lease-1f3k2m9q4r8t1v5w/credential",
                r -> new FakeBroker.Answer(200, "{\"password\": \"half-secret-pw\", \"port\": \"x-secret"));
        Run run = run("lease", "--purpose", "study-42", "--verbose");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("does not understand", "\tat ").doesNotContain("secret");
    }
}
