package dev.phiguard.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.phiguard.cli.client.BearerToken;
import dev.phiguard.cli.client.BrokerClient;
import dev.phiguard.cli.client.DatabaseCredential;
import dev.phiguard.cli.client.Lease;
import dev.phiguard.cli.client.LeaseRequest;
import dev.phiguard.cli.client.LeaseState;
import dev.phiguard.cli.client.TokenRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server process is killed with SIGKILL and started again on the same data directory: every lease, approval,
 * credential and pending deadline is still there and still enforced — an approved lease's credential still works
 * (through the new proxy), a pending request still times out at its deadline, and a short lease still expires at
 * its time and is refused afterwards.
 */
class RestartIT {

    @TempDir
    Path work;

    private static final String POLICY = """
            version: 1
            purpose: restart-test
            description: A lease that outlives its server process.
            requesters:
              - issuer: local
                groups: [ci]
            approval:
              required: 1
              from_groups: [reviewers]
            lease:
              target: clinic
              max_ttl: 1h
              default_ttl: 30m
              pending_timeout: 1m
              max_sessions: 2
              require_tls: false
            access:
              statements: [select]
              tables:
                patients: [patient_id, ssn]
            masking:
              patients:
                ssn: {partial: {keep_last: 4}}
            """;

    private List<String> args(Path data, Path policies) {
        return List.of("--data-dir", data.toString(), "--policies", policies.toString(), "--listen", "127.0.0.1:0",
                "--proxy-listen", "127.0.0.1:0", "--patients", "20");
    }

    private static BrokerClient client(String url, String subject, String group) {
        BrokerClient anonymous = new BrokerClient(URI.create(url), Optional.empty());
        BearerToken token = anonymous.issueToken(new TokenRequest(subject, List.of(group), Map.of(), "1h"));
        return new BrokerClient(URI.create(url), Optional.of(token));
    }

    private static Connection connect(ServerProcess server, DatabaseCredential credential) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", credential.user());
        p.setProperty("password", credential.password());
        p.setProperty("sslmode", "disable");
        return DriverManager.getConnection("jdbc:postgresql://" + server.proxyHost() + ":" + server.proxyPort() + "/"
                + credential.database(), p);
    }

    private static String maskedSsn(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT ssn FROM patients WHERE patient_id = 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void leasesApprovalsCredentialsAndDeadlinesSurviveAKill() throws Exception {
        Path data = work.resolve("state");
        Path policies = Files.createDirectories(work.resolve("policies"));
        Files.writeString(policies.resolve("restart-test.yaml"), POLICY);

        DatabaseCredential approvedCredential;
        DatabaseCredential shortCredential;
        String approvedId;
        String pendingId;
        String shortId;
        try (ServerProcess first = ServerProcess.start(work, args(data, policies))) {
            String url = first.apiUrl().orElseThrow();
            BrokerClient ci = client(url, "ci-bot", "ci");
            BrokerClient reviewer = client(url, "alice", "reviewers");

            approvedId = ci.requestLease(new LeaseRequest("restart-test", "30m", "survives")).id();
            reviewer.approve(approvedId, Optional.of("fine"));
            approvedCredential = ci.fetchCredential(approvedId);
            try (Connection c = connect(first, approvedCredential)) {
                assertThat(maskedSsn(c)).matches("\\*\\*\\*-\\*\\*-\\d{4}");
            }

            shortId = ci.requestLease(new LeaseRequest("restart-test", "20s", "expires after the restart")).id();
            reviewer.approve(shortId, Optional.empty());
            shortCredential = ci.fetchCredential(shortId);

            pendingId = ci.requestLease(new LeaseRequest("restart-test", null, "never approved")).id();
            assertThat(ci.lease(pendingId).state()).isEqualTo(LeaseState.PENDING);

            first.kill();
            assertThat(first.output()).doesNotContain(approvedCredential.password(), shortCredential.password());
        }

        try (ServerProcess second = ServerProcess.start(work, args(data, policies))) {
            String url = second.apiUrl().orElseThrow();
            BrokerClient reviewer = client(url, "alice", "reviewers");

            Lease approved = reviewer.lease(approvedId);
            assertThat(approved.state()).isIn(LeaseState.APPROVED, LeaseState.ACTIVE);
            assertThat(approved.approvals()).extracting(a -> a.approver().subject()).containsExactly("alice");
            assertThat(approved.credentialFetched()).isTrue();
            try (Connection c = connect(second, approvedCredential)) {
                assertThat(maskedSsn(c)).as("the credential minted before the kill still works")
                        .matches("\\*\\*\\*-\\*\\*-\\d{4}");
            }

            // the deadlines were persisted: the short lease expires and the pending request times out
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> reviewer.lease(shortId).state() == LeaseState.ENDED);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("short lease is " + reviewer.lease(shortId) + "; server:\n" + second.output(), e);
            }
            assertThat(reviewer.lease(shortId).endReason()).isEqualTo("EXPIRED");
            assertThatThrownBy(() -> connect(second, shortCredential)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("expired");
            await().atMost(Duration.ofSeconds(90)).until(() -> reviewer.lease(pendingId).state() == LeaseState.EXPIRED);
            assertThat(second.output()).doesNotContain(approvedCredential.password(), shortCredential.password());
        }
    }
}
