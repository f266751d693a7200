package dev.phiguard.cli.demo;

import dev.phiguard.broker.audit.Verification;
import dev.phiguard.cli.client.BearerToken;
import dev.phiguard.cli.client.BrokerClient;
import dev.phiguard.cli.client.BrokerException;
import dev.phiguard.cli.client.DatabaseCredential;
import dev.phiguard.cli.client.Lease;
import dev.phiguard.cli.client.LeaseRequest;
import dev.phiguard.cli.client.LeaseState;
import dev.phiguard.cli.client.SessionInfo;
import dev.phiguard.cli.client.TokenRequest;
import dev.phiguard.cli.server.PhiguardNode;
import dev.phiguard.proxy.recording.RecordingStatus;
import dev.phiguard.proxy.recording.RecordingVerifier;
import dev.phiguard.proxy.recording.Transcript;
import dev.phiguard.sampledata.EmbeddedTarget;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The demo's steps, each printed and checked: identities, lease request, approval, one-time credential, masked
 * reads, a blocked statement, revocation, replay and audit. Returns whether every check held.
 */
final class DemoStory {

    private static final String PURPOSE = "study-42";
    private static final String QUERY = "SELECT patient_id, mrn, ssn, last_name, date_of_birth, state FROM patients"
            + " ORDER BY patient_id LIMIT 5";
    private static final String FORBIDDEN = "UPDATE patients SET last_name = 'Doe' WHERE patient_id = 1";

    private final PhiguardNode node;
    private final EmbeddedTarget database;
    private final Narrator say;
    private final URI api;
    private boolean ok = true;

    DemoStory(PhiguardNode node, EmbeddedTarget database, Narrator narrator) {
        this.node = node;
        this.database = database;
        this.say = narrator;
        this.api = URI.create(node.apiUrl());
    }

    boolean run() throws Exception {
        say.note("broker API " + api + ", PostgreSQL proxy " + node.proxyAddress().getHostString() + ":"
                + node.proxyAddress().getPort());

        say.step("CI job", "proves who it is with a token from its CI platform (here: the development issuer)");
        BrokerClient anonymous = new BrokerClient(api, Optional.empty());
        say.command("phiguard token issue --subject ci-bot --group ci --claim repository=acme/etl --claim run_id=4711");
        BearerToken ciToken = anonymous.issueToken(new TokenRequest("ci-bot", List.of("ci"),
                Map.of("repository", "acme/etl", "workflow", "nightly-extract", "run_id", "4711",
                        "run_attempt", "1", "ref", "refs/heads/main"), "1h"));
        BearerToken reviewerToken = anonymous.issueToken(new TokenRequest("alice", List.of("reviewers"), Map.of(),
                "1h"));
        BrokerClient ci = new BrokerClient(api, Optional.of(ciToken));
        BrokerClient reviewer = new BrokerClient(api, Optional.of(reviewerToken));
        check(ci.whoami().subject().equals("ci-bot"), "the broker sees subject ci-bot in group ci, run 4711 of acme/etl");

        say.step("CI job", "asks for a lease for purpose " + PURPOSE + " - no database password anywhere");
        say.command("phiguard lease --purpose " + PURPOSE + " --ttl 15m --reason 'nightly extract' --wait 15m");
        Lease lease = ci.requestLease(new LeaseRequest(PURPOSE, "15m", "nightly extract"));
        say.detail("lease " + lease.id() + " is " + lease.state() + "; it needs " + lease.approvalsRequired()
                + " approval from " + lease.approvalGroups());
        check(lease.state() == LeaseState.PENDING, "the lease waits for a human");

        say.step("CI job", "tries to approve its own lease");
        check(refused(() -> ci.approve(lease.id(), Optional.empty()), "self_approval", "not_an_approver"),
                "refused: a requester never approves their own lease");

        say.step("reviewer", "approves it");
        say.command("phiguard approve " + lease.id() + " --reason 'study 42, IRB 2026-117'");
        Lease approved = reviewer.approve(lease.id(), Optional.of("study 42, IRB 2026-117"));
        say.detail("lease " + approved.id() + " is " + approved.state() + " until " + approved.expiresAt());
        check(approved.state() == LeaseState.APPROVED, "approved by alice");

        say.step("CI job", "fetches the one-time credential");
        DatabaseCredential credential = ci.fetchCredential(lease.id());
        say.detail("PGHOST=" + credential.host() + " PGPORT=" + credential.port() + " PGUSER=" + credential.user()
                + " PGPASSWORD=<192 random bits, shown once> PGDATABASE=" + credential.database()
                + " PGSSLMODE=" + credential.sslmode());
        check(refused(() -> ci.fetchCredential(lease.id()), "credential_already_fetched"),
                "a second fetch is refused: the credential is shown once");

        List<List<String>> rows;
        try (Connection connection = connect(credential)) {
            say.step("CI job", "reads patients through the proxy");
            say.command("psql -c \"" + QUERY + "\"");
            rows = query(connection);
            say.table(List.of("patient_id", "mrn", "ssn", "last_name", "date_of_birth", "state"), rows);
            check(noRawIdentifiers(rows), "SSNs show only their last 4 digits, MRNs are tokens, names are"
                    + " redacted - none of the values shown is the real one (checked against the database)");

            say.step("CI job", "tries a statement the purpose does not allow");
            say.command("psql -c \"" + FORBIDDEN + "\"");
            try (Statement s = connection.createStatement()) {
                s.executeUpdate(FORBIDDEN);
                check(false, "the update was not blocked");
            } catch (SQLException e) {
                say.detail(e.getMessage());
                check("42501".equals(e.getSQLState()), "blocked by the policy with SQLSTATE 42501");
            }
        }

        say.step("reviewer", "revokes the lease");
        say.command("phiguard revoke " + lease.id() + " --reason 'extract done'");
        Lease revoked = reviewer.revoke(lease.id(), Optional.of("extract done"));
        check(revoked.state() == LeaseState.ENDED, "lease " + revoked.id() + " has ended (" + revoked.endReason() + ")");

        say.step("CI job", "connects again with the same credential");
        try (Connection again = connect(credential)) {
            check(false, "the connection after revocation was accepted");
        } catch (SQLException e) {
            say.detail(e.getMessage());
            check(e.getMessage().contains("revoked"), "refused: the credential died with its lease");
        }

        say.step("auditor", "replays the session from its signed recording");
        List<SessionInfo> sessions = reviewer.sessions(lease.id());
        check(sessions.size() == 1, "the lease had exactly one session: " + sessions.stream().map(SessionInfo::id).toList());
        if (!sessions.isEmpty()) {
            replay(sessions.get(0).id());
        }

        say.step("auditor", "verifies the audit log's hash chain");
        say.command("phiguard audit verify");
        Verification verification = node.verifyAuditLog();
        say.detail(verification.summary());
        check(verification.ok(), "the chain is intact: every lease event is in order and unaltered");
        return ok;
    }

    private void replay(String sessionId) throws IOException, InterruptedException {
        say.command("phiguard replay " + sessionId + " --verify");
        Path recording = node.recordingOf(sessionId);
        RecordingStatus status = awaitClosed(recording);
        say.detail(status.describe());
        check(status.isValid(), "the recording's chain and Ed25519 signature verify");
        say.command("phiguard replay " + sessionId);
        StringWriter transcript = new StringWriter();
        Transcript.render(recording, Transcript.Format.TEXT, Transcript.Options.defaults().withMaxRows(5), transcript);
        say.detail(transcript.toString().stripTrailing());
        check(transcript.toString().contains("SELECT patient_id"), "the replay shows the statements and the"
                + " masked rows the job saw - and nothing else");
    }

    /** The writer signs a recording just after its session closed: wait a few seconds for the trailer. */
    private RecordingStatus awaitClosed(Path recording) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        RecordingStatus status = null;
        while (System.nanoTime() < deadline) {
            if (Files.exists(recording)) {
                status = RecordingVerifier.verify(recording, node.recordingPublicKey());
                if (status.isValid()) {
                    return status;
                }
            }
            Thread.sleep(50);
        }
        if (status == null) {
            throw new IOException("no recording at " + recording);
        }
        return status;
    }

    private Connection connect(DatabaseCredential credential) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", credential.user());
        p.setProperty("password", credential.password());
        p.setProperty("sslmode", credential.sslmode());
        p.setProperty("ApplicationName", "phiguard-demo");
        return DriverManager.getConnection("jdbc:postgresql://" + credential.host() + ":" + credential.port() + "/"
                + credential.database(), p);
    }

    private static List<List<String>> query(Connection connection) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(QUERY)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= 6; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Compares what the job saw with the database's own values, without printing those. */
    private boolean noRawIdentifiers(List<List<String>> rows) throws SQLException {
        Set<String> raw = new HashSet<>();
        try (Connection direct = database.superuserConnection(); Statement s = direct.createStatement();
             ResultSet rs = s.executeQuery("SELECT mrn, ssn, last_name FROM patients ORDER BY patient_id LIMIT 5")) {
            while (rs.next()) {
                raw.add(rs.getString(1));
                raw.add(rs.getString(2));
                raw.add(rs.getString(3));
            }
        }
        return rows.size() == 5 && rows.stream().allMatch(r -> !raw.contains(r.get(1)) && !raw.contains(r.get(2))
                && !raw.contains(r.get(3)) && r.get(2).matches("\\*\\*\\*-\\*\\*-\\d{4}"));
    }

    private boolean refused(Runnable call, String... codes) {
        try {
            call.run();
            return false;
        } catch (BrokerException e) {
            say.detail("refused (" + e.code() + "): " + e.getMessage());
            return List.of(codes).contains(e.code());
        }
    }

    private void check(boolean condition, String what) {
        say.verdict(condition, what);
        ok &= condition;
    }
}
