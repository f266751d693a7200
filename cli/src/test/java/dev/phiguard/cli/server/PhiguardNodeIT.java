package dev.phiguard.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.phiguard.broker.identity.DevelopmentIssuer;
import dev.phiguard.broker.identity.Identity;
import dev.phiguard.broker.identity.TokenVerifier;
import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseState;
import dev.phiguard.broker.service.CredentialAnswer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node on embedded defaults, in process: the broker's lease service and the proxy wired together. A lease is
 * requested and approved with real development tokens, its one-time credential opens a session through the proxy
 * that sees masked identifiers, and revocation cuts that session and refuses the next one.
 */
class PhiguardNodeIT {

    @TempDir
    static Path dataDir;

    private static EmbeddedDefaults embedded;
    private static PhiguardNode node;
    private static TokenVerifier tokens;

    @BeforeAll
    static void start() {
        embedded = EmbeddedDefaults.start(100);
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        node = PhiguardNode.start(embedded.settings(dataDir, any, any, false, Optional.empty(), false),
                Clock.systemUTC());
        tokens = new TokenVerifier(List.of(node.developmentIssuer().orElseThrow().issuerConfig()), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (tokens != null) {
            tokens.close();
        }
        if (node != null) {
            node.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    private static Identity identity(String subject, String group) throws Exception {
        DevelopmentIssuer issuer = node.developmentIssuer().orElseThrow();
        return tokens.verify(issuer.issue(subject, Set.of(group), Map.of(), Duration.ofMinutes(5)));
    }

    private static Connection connect(CredentialAnswer answer) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", answer.credential().userName());
        p.setProperty("password", new String(answer.credential().password()));
        p.setProperty("sslmode", answer.connection().sslmode());
        return DriverManager.getConnection("jdbc:postgresql://" + answer.connection().host() + ":"
                + answer.connection().port() + "/" + answer.connection().database(), p);
    }

    @Test
    void anApprovedLeaseReadsMaskedRowsUntilItIsRevoked() throws Exception {
        Identity ci = identity("ci-bot", "ci");
        Identity reviewer = identity("alice", "reviewers");
        Lease lease = node.leases().request(ci, "study-42", Optional.of(Duration.ofMinutes(10)), "node test");
        assertThat(lease.state()).isEqualTo(LeaseState.PENDING);
        node.leases().approve(reviewer, lease.id(), Optional.empty(), Optional.of("ok"));

        try (CredentialAnswer answer = node.leases().fetchCredential(ci, lease.id());
             Connection c = connect(answer)) {
            assertThat(answer.connection().port()).isEqualTo(node.proxyAddress().getPort());
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT ssn, last_name FROM patients WHERE patient_id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).matches("\\*\\*\\*-\\*\\*-\\d{4}");
                assertThat(rs.getString(2)).isEqualTo("***");
            }
            assertThat(node.leases().get(lease.id()).state()).isEqualTo(LeaseState.ACTIVE);
            assertThat(node.leases().sessions(lease.id())).hasSize(1);

            // a lock held elsewhere keeps the session's query running until the session is cut
            Connection locker = embedded.database().superuserConnection();
            locker.setAutoCommit(false);
            locker.createStatement().execute("LOCK TABLE patients IN ACCESS EXCLUSIVE MODE");
            CompletableFuture<Throwable> cut = CompletableFuture.supplyAsync(() -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT ssn FROM patients WHERE patient_id = 2");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> dev.phiguard.cli.it.Locks.waiting(locker) > 0);
            assertThat(cut).as("the query waits for the lock").isNotDone();
            long revokedAt = System.nanoTime();
            node.leases().revoke(reviewer, lease.id(), Optional.of("test over"));
            Throwable error = cut.get(5, java.util.concurrent.TimeUnit.SECONDS);
            long cutMillis = (System.nanoTime() - revokedAt) / 1_000_000;
            assertThat(error).isInstanceOf(SQLException.class);
            assertThat(cutMillis).as("session cut after revoke").isLessThan(1000);
            locker.rollback();
            locker.close();

            assertThatThrownBy(() -> connect(answer)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("revoked");
        }
        assertThat(node.leases().get(lease.id()).state()).isEqualTo(LeaseState.ENDED);

        // the session was recorded, and the recording verifies with the node's public key once it is closed
        String sessionId = node.leases().sessions(lease.id()).get(0).id();
        Path recording = dev.phiguard.proxy.recording.RecordingWriter.fileFor(dataDir.resolve("recordings"), sessionId);
        java.security.PublicKey key = dev.phiguard.proxy.recording.SigningKeys.readPublicKey(
                dataDir.resolve(dev.phiguard.proxy.recording.SigningKeys.PUBLIC_FILE));
        await().atMost(Duration.ofSeconds(10)).until(() -> java.nio.file.Files.exists(recording)
                && dev.phiguard.proxy.recording.RecordingVerifier.verify(recording, key)
                instanceof dev.phiguard.proxy.recording.RecordingStatus.Valid);
    }

    @Test
    void anUnknownLeaseIsAnsweredWithTheIterationCountOfRealOnes() throws Exception {
        Identity ci = identity("ci-bot", "ci");
        Lease lease = node.leases().request(ci, "study-42", Optional.of(Duration.ofMinutes(10)), "iterations");
        node.leases().approve(identity("alice", "reviewers"), lease.id(), Optional.empty(), Optional.of("ok"));
        String unknown = lease.id().substring(0, lease.id().length() - 1)
                + (lease.id().endsWith("a") ? "b" : "a");
        try (CredentialAnswer answer = node.leases().fetchCredential(ci, lease.id())) {
            String real = serverFirst(lease.id(), answer.connection().database());
            String mock = serverFirst(unknown, answer.connection().database());

            assertThat(real).endsWith(",i=" + dev.phiguard.broker.lease.CredentialMinter.ITERATIONS);
            assertThat(mock.substring(mock.lastIndexOf(','))).isEqualTo(real.substring(real.lastIndexOf(',')));
            // and the credential logs in with it
            try (Connection c = connect(answer); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    /** Starts a SCRAM exchange with the proxy as {@code user} by hand and returns the server-first-message. */
    private static String serverFirst(String user, String database) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", node.proxyAddress().getPort())) {
            socket.setSoTimeout(10_000);
            java.io.DataOutputStream out = new java.io.DataOutputStream(socket.getOutputStream());
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            byte[] parameters = ("user\0" + user + "\0database\0" + database + "\0\0")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(8 + parameters.length);
            out.writeInt(196608);
            out.write(parameters);
            out.flush();
            assertThat(authenticationRequest(in, 10)).startsWith("SCRAM-SHA-256");
            byte[] mechanism = "SCRAM-SHA-256\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] clientFirst = "n,,n=,r=rOprNGfwEbeRWgbNEkqO".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            out.writeByte('p');
            out.writeInt(4 + mechanism.length + 4 + clientFirst.length);
            out.write(mechanism);
            out.writeInt(clientFirst.length);
            out.write(clientFirst);
            out.flush();
            return authenticationRequest(in, 11);
        }
    }

    /** Reads one Authentication message of the given code and returns the rest of its body as text. */
    private static String authenticationRequest(java.io.DataInputStream in, int code) throws Exception {
        int type = in.readUnsignedByte();
        byte[] body = new byte[in.readInt() - 4];
        in.readFully(body);
        assertThat((char) type).as("message type").isEqualTo('R');
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(body);
        assertThat(buffer.getInt()).as("authentication code").isEqualTo(code);
        return new String(body, 4, body.length - 4, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aLeaseWhoseTtlRunsOutCutsItsLiveSession() throws Exception {
        Identity ci = identity("ci-bot", "ci");
        Identity reviewer = identity("alice", "reviewers");
        Lease lease = node.leases().request(ci, "study-42", Optional.of(Duration.ofSeconds(4)), "short");
        node.leases().approve(reviewer, lease.id(), Optional.empty(), Optional.empty());
        try (CredentialAnswer answer = node.leases().fetchCredential(ci, lease.id());
             Connection c = connect(answer);
             Connection locker = embedded.database().superuserConnection()) {
            locker.setAutoCommit(false);
            locker.createStatement().execute("LOCK TABLE encounters IN ACCESS EXCLUSIVE MODE");
            CompletableFuture<Throwable> cut = CompletableFuture.supplyAsync(() -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT count(*) FROM encounters WHERE encounter_id > 0");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> dev.phiguard.cli.it.Locks.waiting(locker) > 0);
            assertThat(cut).as("the query waits for the lock").isNotDone();
            java.time.Instant expiresAt = node.leases().get(lease.id()).expiresAt().orElseThrow();
            Throwable error = cut.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(SQLException.class).hasMessageContaining("expired");
            assertThat(Duration.between(expiresAt, java.time.Instant.now())).as("cut after the expiry")
                    .isLessThan(Duration.ofSeconds(2));
            locker.rollback();
        }
        assertThat(node.leases().get(lease.id()).endReason()).contains(dev.phiguard.broker.lease.EndReason.EXPIRED);
    }
}
