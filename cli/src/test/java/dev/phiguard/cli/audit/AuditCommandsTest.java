package dev.phiguard.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phiguard.broker.audit.AuditEvent;
import dev.phiguard.broker.audit.StatementDecision;
import dev.phiguard.broker.lease.LeaseState;
import dev.phiguard.broker.lease.Principal;
import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.Main;
import dev.phiguard.cli.client.AuditorBroker;
import dev.phiguard.cli.client.BrokerClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phiguard audit ...} against the real broker API over a real audit log. */
class AuditCommandsTest {

    static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    static final Principal CI_BOT = new Principal("local", "ci-bot", Set.of("ci"), Map.of("repository", "acme/etl",
            "run_id", "4711"));
    static final Principal OTHER = new Principal("local", "ci-other", Set.of("ci"), Map.of());
    static final String MRN = "MRN-000042";

    @TempDir
    Path data;
    AuditorBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new AuditorBroker(data);
        broker.auditLog.append(new AuditEvent.LeaseChanged(T0, "lease-a", "Requested", Optional.empty(),
                LeaseState.PENDING, Optional.of(CI_BOT), "study-42", CI_BOT, Optional.of("nightly")));
        broker.auditLog.append(statement(CI_BOT, "lease-a", "s-a1", T0.plusSeconds(10), MRN, "MRN-1"));
        broker.auditLog.append(statement(OTHER, "lease-b", "s-b1", T0.plusSeconds(20), "MRN-2"));
        broker.auditLog.append(statement(OTHER, "lease-c", "s-c1", T0.plusSeconds(30), MRN));
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    private AuditEvent.StatementExecuted statement(Principal who, String lease, String session, Instant at,
                                                   String... mrns) {
        return new AuditEvent.StatementExecuted(at, who, "study-42", lease, session,
                "SELECT mrn FROM patients WHERE mrn = $1", StatementDecision.ALLOWED, Optional.of("allow-read"),
                mrns.length, mrns.length, Map.of("patients",
                Set.copyOf(Arrays.stream(mrns).map(m -> broker.hasher.hash("patients", m)).toList())));
    }

    record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) {
        return runAs(broker.auditorToken(), args);
    }

    private Run runAs(String token, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), broker.env(token), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void searchPrintsATableOrJson() throws Exception {
        Run table = run("audit");
        assertThat(table.exitCode()).as(table.err()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("SEQ").contains("TYPE", "LEASE", "SESSION", "SUBJECT", "WHAT");
        assertThat(lines.get(1)).contains("1", "LEASE", "lease-a", "ci-bot", "Requested: PENDING by ci-bot");
        assertThat(lines.get(2)).contains("STATEMENT", "s-a1", "ALLOWED (allow-read), 2 rows, 2 masked: SELECT mrn");

        Run json = run("audit", "--lease", "lease-a", "--type", "statement", "--format", "json");
        JsonNode events = BrokerClient.mapper().readTree(json.out()).get("events");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("session").asText()).isEqualTo("s-a1");

        Run window = run("audit", "--subject", "ci-other", "--since", "2030-01-01T10:00:25Z");
        assertThat(window.out().lines().toList()).hasSize(2).last().asString().contains("lease-c");

        Run none = run("audit", "--purpose", "other");
        assertThat(none.exitCode()).isZero();
        assertThat(none.err()).contains("no matching events");
    }

    @Test
    void badSearchesAreRefusedWithTheBrokersReason() {
        Run badType = run("audit", "--type", "sneeze");
        assertThat(badType.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(badType.err()).contains("type \"sneeze\" is not one of", "bad_request");
        assertThat(run("audit", "--limit", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
        Run refused = runAs(broker.token("ci-bot", "ci"), "audit");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(refused.err()).contains("not_an_auditor");
    }

    @Test
    void verifyExitsZeroWhenIntactAndOneNamingTheEditedEvent() throws Exception {
        Run intact = run("audit", "verify");
        assertThat(intact.exitCode()).as(intact.err()).isZero();
        assertThat(intact.out()).startsWith("audit log intact: 4 event(s) checked, head 4:");
        String head = intact.out().strip().substring(intact.out().strip().lastIndexOf(' ') + 1);
        assertThat(run("audit", "verify", "--anchor", head).exitCode()).isZero();

        try (Connection connection = broker.store.dataSource().getConnection();
             Statement sql = connection.createStatement()) {
            sql.executeUpdate("DELETE FROM audit_record_keys WHERE seq = 3");
            sql.executeUpdate("DELETE FROM audit_events WHERE seq = 3");
        }
        Run broken = run("audit", "verify");
        assertThat(broken.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(broken.err()).contains("audit log BROKEN at seq 3 (MISSING_EVENT)", "2 event(s) passed");
        assertThat(broken.out()).isEmpty();
    }

    @Test
    void whoAccessedFromAKeyFileListsExactlyTheSessionsThatReturnedIt() throws Exception {
        Path keyFile = Files.writeString(data.resolve("mrn.txt"), MRN + "\n");
        Run run = run("audit", "who-accessed", "--table", "patients", "--key-file", keyFile.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains("lease-a", "s-a1", "ci-bot");
        assertThat(lines.get(2)).contains("lease-c", "s-c1", "ci-other");
        assertThat(run.out() + run.err()).doesNotContain(MRN);
        assertThat(run.err()).doesNotContain("warning");

        Path unknown = Files.writeString(data.resolve("unknown.txt"), "MRN-404");
        Run none = run("audit", "who-accessed", "--table", "patients", "--key-file", unknown.toString());
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).contains("no session returned that record of patients");
    }

    @Test
    void aKeyInArgvIsWarnedAboutAndStandardInputWorks() throws Exception {
        Run argv = run("audit", "who-accessed", "--table", "patients", "--key", MRN, "--format", "json");
        assertThat(argv.exitCode()).isZero();
        assertThat(argv.err()).contains("warning: the key is in this command's arguments");
        assertThat(BrokerClient.mapper().readTree(argv.out()).get("accesses")).hasSize(2);

        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(("MRN-2\n").getBytes(StandardCharsets.UTF_8)));
            Run piped = run("audit", "who-accessed", "--table", "patients", "--key", "-");
            assertThat(piped.exitCode()).as(piped.err()).isZero();
            assertThat(piped.out().lines().toList()).hasSize(2).last().asString().contains("lease-b");
            assertThat(piped.err()).doesNotContain("warning");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void whoAccessedNeedsATableAndExactlyOneKey() throws Exception {
        Path keyFile = Files.writeString(data.resolve("mrn.txt"), MRN);
        assertThat(run("audit", "who-accessed", "--key-file", keyFile.toString()).exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(run("audit", "who-accessed", "--table", "patients").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("audit", "who-accessed", "--table", "patients", "--key", "x", "--key-file",
                keyFile.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
        Path empty = Files.writeString(data.resolve("empty.txt"), "\n");
        Run blank = run("audit", "who-accessed", "--table", "patients", "--key-file", empty.toString());
        assertThat(blank.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(blank.err()).contains("the key is empty");
    }

    @Test
    void exportWritesJsonLinesToStandardOutputOrANewPrivateFile() throws Exception {
        Run stdout = run("audit", "export");
        assertThat(stdout.exitCode()).as(stdout.err()).isZero();
        List<String> lines = stdout.out().lines().toList();
        assertThat(lines).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(BrokerClient.mapper().readTree(lines.get(i)).get("seq").asLong()).isEqualTo(i + 1);
        }
        assertThat(stdout.out()).doesNotContain(MRN);

        Path file = data.resolve("audit.jsonl");
        Run toFile = run("audit", "export", "--output", file.toString());
        assertThat(toFile.exitCode()).as(toFile.err()).isZero();
        assertThat(Files.readString(file)).isEqualTo(stdout.out());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(toFile.err()).contains("wrote " + Files.size(file) + " bytes to " + file);

        Run again = run("audit", "export", "--output", file.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("exists; choose a new file");
        assertThat(Files.readString(file)).isEqualTo(stdout.out());
    }
}
