package dev.phiguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phiguard.proxy.config.ClientTls;
import dev.phiguard.proxy.config.Target;
import dev.phiguard.proxy.port.CredentialPort;
import dev.phiguard.proxy.port.ProxyPorts;
import dev.phiguard.proxy.port.SessionGrant;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.port.SessionListener;
import dev.phiguard.proxy.tls.CertificateAndKey;
import dev.phiguard.proxy.tls.CertificateAuthority;
import dev.phiguard.proxy.tls.Pem;
import dev.phiguard.proxy.tls.TlsContexts;
import dev.phiguard.sampledata.EmbeddedTarget;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on both sides of the proxy. Towards clients: SSLRequest answered 'S' with a certificate that pgjdbc
 * verifies ({@code verify-full}), 'N' without one, and plain connections refused when TLS is required.
 * Towards the target: a second PostgreSQL with a certificate from a test CA, reached with {@code verify-full};
 * a certificate from another CA or for another name ends the login with 08006 before anything of the
 * PostgreSQL protocol has been sent, as a {@link TcpTap} between the proxy and the server shows.
 */
@ExtendWith(SharedDatabase.class)
class TlsIT {
    private static final Duration VALIDITY = Duration.ofDays(2);

    @TempDir
    static Path dir;

    /** The trust root of both the proxy's certificate and the TLS target's certificate. */
    static Path caFile;
    /** A CA that signed neither. */
    static Path otherCaFile;
    /** The proxy's certificate, for localhost and 127.0.0.1. */
    static SslContext proxyContext;
    /** A second PostgreSQL with TLS on; its certificate names {@code localhost} only. */
    static EmbeddedTarget tlsTarget;
    static EmbeddedTarget plainTarget;

    @BeforeAll
    static void certificatesAndTheTlsTarget(EmbeddedTarget database) throws Exception {
        plainTarget = database;
        CertificateAuthority ca = CertificateAuthority.create("phiguard TlsIT CA", VALIDITY);
        caFile = dir.resolve("ca.crt");
        Pem.writeCertificates(caFile, List.of(ca.certificate()));
        otherCaFile = dir.resolve("other-ca.crt");
        Pem.writeCertificates(otherCaFile, List.of(CertificateAuthority.create("phiguard TlsIT other CA", VALIDITY)
                .certificate()));

        CertificateAndKey proxyCertificate = ca.issue("phiguard proxy", List.of("localhost"), List.of("127.0.0.1"),
                Duration.ofDays(1));
        Path proxyCrt = dir.resolve("proxy.crt");
        Path proxyKey = dir.resolve("proxy.key");
        Pem.write(proxyCertificate, proxyCrt, proxyKey);
        proxyContext = TlsContexts.forClients(proxyCrt, proxyKey);

        CertificateAndKey serverCertificate = ca.issue("phiguard TLS target", List.of("localhost"), List.of(),
                Duration.ofDays(1));
        Path serverCrt = dir.resolve("server.crt");
        Path serverKey = dir.resolve("server.key");
        Pem.write(serverCertificate, serverCrt, serverKey);
        tlsTarget = EmbeddedTarget.builder().patients(10).seed(7).serverTls(serverCrt, serverKey).start();
    }

    @AfterAll
    static void stopTheTlsTarget() {
        if (tlsTarget != null) {
            tlsTarget.close();
        }
    }

    static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    static SQLException connectionError(ProxyHarness harness, Properties extra) {
        try (Connection c = harness.viaProxy(extra)) {
            throw new AssertionError("the connection through the proxy succeeded: " + c);
        } catch (SQLException e) {
            return e;
        }
    }

    static void assertNoSessionLeft(ProxyHarness harness) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(harness.leases.sessions(ProxyHarness.USER)).as("admitted sessions of the lease").isZero();
            assertThat(harness.proxy.sessionCount()).as("live proxy sessions").isZero();
        });
    }

    static char answerToSslRequest(ProxyHarness harness) throws Exception {
        try (RawPgClient raw = new RawPgClient(harness.port())) {
            raw.send(TcpTap.SSL_REQUEST);
            return (char) raw.in.readUnsignedByte();
        }
    }

    static byte[] startupMessage(String user, String database) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream b = new DataOutputStream(body);
        b.writeInt(196608);
        for (String s : List.of("user", user, "database", database)) {
            b.write(s.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        b.write(0);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        new DataOutputStream(message).writeInt(body.size() + 4);
        message.write(body.toByteArray());
        return message.toByteArray();
    }

    static ProxyPorts withCredentials(ProxyPorts ports, CredentialPort credentials) {
        return new ProxyPorts(credentials, ports.upstreamCredentials(), ports.gate(), ports.rows(), ports.recordings(),
                ports.listener());
    }

    /** A credential port that notes every user name the proxy looks up, and otherwise does what {@code port} does. */
    static CredentialPort recordingLookups(CredentialPort port, List<String> lookedUp) {
        return new CredentialPort() {
            @Override
            public Optional<LeaseCredential> find(String userName) {
                lookedUp.add(userName);
                return port.find(userName);
            }

            @Override
            public Admission admit(LeaseCredential credential, SessionAttempt attempt) {
                return port.admit(credential, attempt);
            }

            @Override
            public void release(SessionGrant grant, String sessionId) {
                port.release(grant, sessionId);
            }
        };
    }

    static boolean upstreamSsl(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            return rs.getBoolean(1);
        }
    }

    /** The proxy towards clients; the target is the shared server without TLS. */
    @Nested
    class ClientSide {

        @Test
        void withACertificateTheProxyAnswersSAndPgjdbcVerifiesIt() throws Exception {
            List<SessionInfo> opened = new CopyOnWriteArrayList<>();
            SessionListener listener = new SessionListener() {
                @Override
                public void opened(SessionInfo session) {
                    opened.add(session);
                }
            };
            try (ProxyHarness harness = ProxyHarness.start(plainTarget, ports -> ports.withListener(listener),
                    ProxyHarness.clientTls(new ClientTls(proxyContext, false)))) {
                assertThat(answerToSslRequest(harness)).isEqualTo('S');

                try (Connection c = harness.viaProxy(props("sslmode", "verify-full",
                        "sslrootcert", caFile.toString()))) {
                    assertThat(c.isValid(5)).isTrue();
                    // pg_stat_ssl is about the proxy's own connection to the server, which is plain here
                    assertThat(upstreamSsl(c)).isFalse();
                }
                try (Connection c = harness.viaProxy(props("sslmode", "require"))) {
                    assertThat(c.isValid(5)).isTrue();
                }
                try (Connection c = harness.viaProxy(props("sslmode", "disable"))) {
                    assertThat(c.isValid(5)).isTrue();
                }
                assertThat(opened).extracting(SessionInfo::tls).containsExactly(true, true, false);
                assertNoSessionLeft(harness);
            }
        }

        @Test
        void aClientThatVerifiesAgainstAnotherCaDoesNotConnect() throws Exception {
            try (ProxyHarness harness = ProxyHarness.start(plainTarget, ports -> ports,
                    ProxyHarness.clientTls(new ClientTls(proxyContext, false)))) {
                SQLException error = connectionError(harness, props("sslmode", "verify-full",
                        "sslrootcert", otherCaFile.toString()));
                assertThat(error.getSQLState()).startsWith("08");
                assertNoSessionLeft(harness);
                // the proxy goes on serving
                try (Connection c = harness.viaProxy(props("sslmode", "verify-full",
                        "sslrootcert", caFile.toString()))) {
                    assertThat(c.isValid(5)).isTrue();
                }
            }
        }

        /**
         * Bytes that arrive together with the SSLRequest were sent before any encryption, so a man in the
         * middle may have put them there (PostgreSQL's CVE-2021-23214): they must not be taken as if they had
         * come through TLS. Here they are a startup message in plain text, on a proxy that requires TLS.
         */
        @Test
        void plainTextSentWithTheSslRequestIsNotTakenAsEncrypted() throws Exception {
            List<String> lookedUp = new CopyOnWriteArrayList<>();
            try (ProxyHarness harness = ProxyHarness.start(plainTarget,
                    ports -> withCredentials(ports, recordingLookups(ports.credentials(), lookedUp)),
                    ProxyHarness.clientTls(new ClientTls(proxyContext, true)))) {
                try (RawPgClient raw = new RawPgClient(harness.port())) {
                    raw.socket.setSoTimeout(5_000);
                    ByteArrayOutputStream injected = new ByteArrayOutputStream();
                    injected.write(TcpTap.SSL_REQUEST);
                    injected.write(startupMessage(ProxyHarness.USER, plainTarget.database()));
                    raw.send(injected.toByteArray()); // one write: the proxy reads both at once

                    // refused in plain text, as PostgreSQL does, before any 'S'
                    RawPgClient.Message answer = raw.read();
                    assertThat(answer.type()).isEqualTo('E');
                    assertThat(answer.errorFields()).containsEntry('S', "FATAL").containsEntry('C', "08P01")
                            .hasEntrySatisfying('M', m -> assertThat(m).contains("unencrypted data after SSL"));
                    assertThat(raw.readUntilClosed()).isEmpty();
                }
                assertThat(lookedUp).as("user names looked up for a startup message").isEmpty();
                assertNoSessionLeft(harness);
            }
        }

        @Test
        void whenTlsIsRequiredAPlainClientGets28000() throws Exception {
            List<String> lookedUp = new CopyOnWriteArrayList<>();
            try (ProxyHarness harness = ProxyHarness.start(plainTarget,
                    ports -> withCredentials(ports, recordingLookups(ports.credentials(), lookedUp)),
                    ProxyHarness.clientTls(new ClientTls(proxyContext, true)))) {
                SQLException error = connectionError(harness, props("sslmode", "disable"));
                assertThat(error.getSQLState()).isEqualTo("28000");
                assertThat(error.getMessage()).contains("requires an encrypted connection", "sslmode=require");
                assertThat(lookedUp).as("refused before the credential is looked up").isEmpty();
                assertThat(harness.leases.sessions(ProxyHarness.USER)).isZero();

                try (Connection c = harness.viaProxy(props("sslmode", "verify-full",
                        "sslrootcert", caFile.toString()))) {
                    assertThat(c.isValid(5)).isTrue();
                }
                assertNoSessionLeft(harness);
            }
        }

        @Test
        void withoutACertificateTheAnswerIsNAndSslmodeRequireFailsCleanly() throws Exception {
            try (ProxyHarness harness = ProxyHarness.start(plainTarget)) {
                assertThat(answerToSslRequest(harness)).isEqualTo('N');
                // after 'N' the same connection goes on in plain text, as with PostgreSQL
                try (RawPgClient raw = new RawPgClient(harness.port())) {
                    raw.send(TcpTap.SSL_REQUEST);
                    assertThat((char) raw.in.readUnsignedByte()).isEqualTo('N');
                    raw.login(ProxyHarness.USER, plainTarget.database(), harness.password);
                }

                SQLException error = connectionError(harness, props("sslmode", "require"));
                assertThat(error.getSQLState()).isEqualTo("08004");
                assertThat(error.getMessage()).containsIgnoringCase("SSL");
                assertNoSessionLeft(harness);

                try (Connection c = harness.viaProxy(props("sslmode", "prefer"))) {
                    assertThat(c.isValid(5)).isTrue();
                }
                assertNoSessionLeft(harness);
            }
        }
    }

    /** The proxy towards a target that speaks TLS; every connection to it runs through a {@link TcpTap}. */
    @Nested
    class UpstreamSide {

        ProxyHarness throughTap(TcpTap tap, String host, Path trustedCa) throws Exception {
            Target.UpstreamTls tls = new Target.UpstreamTls.VerifyFull(TlsContexts.forUpstreamVerifyFull(trustedCa));
            return ProxyHarness.start(tlsTarget, ports -> ports, ProxyHarness.targetAt(host, tap.port(), tls));
        }

        @Test
        void verifyFullReachesTheTargetAndTheServerSeesTls() throws Exception {
            try (TcpTap tap = new TcpTap(tlsTarget.host(), tlsTarget.port());
                 ProxyHarness harness = throughTap(tap, "localhost", caFile)) {
                try (Connection c = harness.viaProxy(); Statement s = c.createStatement()) {
                    assertThat(upstreamSsl(c)).isTrue();
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM patients")) {
                        rs.next();
                        assertThat(rs.getLong(1)).isEqualTo(10);
                    }
                }
                assertNoSessionLeft(harness);
                // the last records (Terminate, close_notify) may still be on their way through the tap
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    assertThat(tap.connections()).hasSize(1);
                    byte[] sent = tap.connections().get(0).toServer();
                    assertThat(TcpTap.sslRequestThenOnlyTls(sent)).as("only TLS after the SSLRequest").isTrue();
                    assertThat(TcpTap.contains(sent, "pg_stat_ssl".getBytes(StandardCharsets.UTF_8))).isFalse();
                    assertThat(TcpTap.contains(sent, tlsTarget.appUser().getBytes(StandardCharsets.UTF_8)))
                            .isFalse();
                });
            }
        }

        @Test
        void aCertificateFromAnotherCaIs08006AndNothingIsSentInPlainText() throws Exception {
            try (TcpTap tap = new TcpTap(tlsTarget.host(), tlsTarget.port());
                 ProxyHarness harness = throughTap(tap, "localhost", otherCaFile)) {
                SQLException error = connectionError(harness, new Properties());
                assertTlsFailure(error, harness);
                assertOnlyTlsWasSent(tap);
            }
        }

        @Test
        void aCertificateForAnotherNameIs08006AndNothingIsSentInPlainText() throws Exception {
            // the certificate names localhost only; the target is configured by address
            try (TcpTap tap = new TcpTap(tlsTarget.host(), tlsTarget.port());
                 ProxyHarness harness = throughTap(tap, "127.0.0.1", caFile)) {
                SQLException error = connectionError(harness, new Properties());
                assertTlsFailure(error, harness);
                assertOnlyTlsWasSent(tap);
            }
        }

        @Test
        void aServerWithoutTlsIsNeverUsedInPlainText() throws Exception {
            try (TcpTap tap = new TcpTap(plainTarget.host(), plainTarget.port());
                 ProxyHarness harness = ProxyHarness.start(plainTarget, ports -> ports,
                         ProxyHarness.targetAt("localhost", tap.port(),
                                 new Target.UpstreamTls.VerifyFull(TlsContexts.forUpstreamVerifyFull(caFile))))) {
                SQLException error = connectionError(harness, new Properties());
                assertTlsFailure(error, harness);
                await().atMost(Duration.ofSeconds(5)).until(() -> tap.connections().size() == 1);
                assertThat(tap.connections().get(0).toProxy()).containsExactly('N');
                assertThat(tap.connections().get(0).toServer()).containsExactly(TcpTap.SSL_REQUEST);
            }
        }

        @Test
        void statementCancelReachesATlsTargetOverTls() throws Exception {
            try (TcpTap tap = new TcpTap(tlsTarget.host(), tlsTarget.port());
                 ProxyHarness harness = throughTap(tap, "localhost", caFile);
                 Connection c = harness.viaProxy(); Statement s = c.createStatement()) {
                CompletableFuture<SQLException> running = CompletableFuture.supplyAsync(() -> {
                    try {
                        s.execute("SELECT pg_sleep(60)");
                        return null;
                    } catch (SQLException e) {
                        return e;
                    }
                });
                await().atMost(Duration.ofSeconds(10)).until(() -> JdbcThroughProxyIT.sleepingBackendsOf(harness) == 1);
                s.cancel();
                SQLException error = running.get(10, TimeUnit.SECONDS);
                assertThat((Throwable) error).isNotNull();
                assertThat(error.getSQLState()).isEqualTo("57014");
                assertThat(upstreamSsl(c)).isTrue();

                // the records of the cancel connection may still be on their way through the tap
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    assertThat(tap.connections()).hasSize(2);
                    assertThat(TcpTap.sslRequestThenOnlyTls(tap.connections().get(1).toServer()))
                            .as("the cancel request went over TLS").isTrue();
                });
            }
        }

        private void assertTlsFailure(SQLException error, ProxyHarness harness) {
            assertThat(error.getSQLState()).isEqualTo("08006");
            assertThat(error.getMessage()).contains("TLS", "\"" + ProxyHarness.TARGET + "\"")
                    .doesNotContain(harness.password, harness.database.appPassword());
            assertNoSessionLeft(harness);
        }

        private void assertOnlyTlsWasSent(TcpTap tap) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(tap.connections()).hasSize(1);
                byte[] sent = tap.connections().get(0).toServer();
                assertThat(TcpTap.sslRequestThenOnlyTls(sent)).as("only TLS after the SSLRequest (%d bytes)",
                        sent.length).isTrue();
                assertThat(TcpTap.contains(sent, tlsTarget.appUser().getBytes(StandardCharsets.UTF_8))).isFalse();
            });
            assertThat(tlsTarget.connectionsFrom(tlsTarget.appUser())).isZero();
        }
    }
}
