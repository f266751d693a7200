package dev.phiguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phiguard.proxy.config.Target;
import dev.phiguard.proxy.port.SessionGrant;
import dev.phiguard.proxy.port.UpstreamCredentials;
import dev.phiguard.proxy.port.UpstreamLogin;
import dev.phiguard.sampledata.AuthMethod;
import dev.phiguard.sampledata.EmbeddedTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The proxy logs in to the target with the target's own credential, by whichever method the target's
 * {@code pg_hba.conf} demands; a refused login or an unreachable target gives the client a clear error that
 * holds no secret, and gives the lease its session back.
 *
 * <p>The shared server's authentication method is switched here; it is switched back to SCRAM-SHA-256 after
 * every test, because the other test classes use the same server.
 */
@ExtendWith(SharedDatabase.class)
class UpstreamLoginIT {
    private static final Path PROXY_LOG = Path.of("target", "test.log");
    private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(1);
    /** pgjdbc's own limit (seconds), so that a proxy that never answers fails the test instead of hanging it. */
    private static final Properties LOGIN_TIMEOUT = new Properties();

    static {
        LOGIN_TIMEOUT.setProperty("loginTimeout", "10");
    }

    private EmbeddedTarget database;

    @BeforeEach
    void remember(EmbeddedTarget database) {
        this.database = database;
    }

    @AfterEach
    void restoreScram() {
        if (database.authMethod() != AuthMethod.SCRAM_SHA_256) {
            database.setAuthMethod(AuthMethod.SCRAM_SHA_256);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AuthMethod.class)
    void theProxyLogsInWithTheMethodTheTargetDemands(AuthMethod method) throws Exception {
        database.setAuthMethod(method);
        try (ProxyHarness harness = ProxyHarness.start(database);
             Connection c = harness.viaProxy(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user, count(*) FROM patients")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(database.appUser());
            assertThat(rs.getLong(2)).isEqualTo(SharedDatabase.PATIENTS);
        }
    }

    /** The method was really in force: with a password the server checks, a wrong one is refused. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = AuthMethod.class, names = {"SCRAM_SHA_256", "MD5", "PASSWORD"})
    void aWrongUpstreamPasswordIs08004NamingTheTargetWithoutAnySecret(AuthMethod method) throws Exception {
        database.setAuthMethod(method);
        String wrongPassword = "wrong-" + ProxyHarness.randomPassword();
        String clientPassword;
        try (ProxyHarness harness = ProxyHarness.start(database,
                ProxyHarness.upstream(loginWith(wrongPassword)), config -> config)) {
            clientPassword = harness.password;
            SQLException error = connectionError(harness);

            assertThat(error.getSQLState()).isEqualTo("08004");
            assertThat(error.getMessage()).contains("\"" + ProxyHarness.TARGET + "\"")
                    .doesNotContain(wrongPassword, database.appPassword(), harness.password);
            assertNoSessionLeft(harness);
            await().atMost(Duration.ofSeconds(5)).until(() -> database.connectionsFrom(database.appUser()) == 0);
        }
        assertThat(proxyLog()).doesNotContain(wrongPassword, database.appPassword(), clientPassword);
    }

    @Test
    void underTrustTheTargetAsksForNoPassword() throws Exception {
        database.setAuthMethod(AuthMethod.TRUST);
        UpstreamCredentials noPassword = session -> CompletableFuture.completedFuture(
                new UpstreamLogin(database.appUser(), null));
        try (ProxyHarness harness = ProxyHarness.start(database, ProxyHarness.upstream(noPassword), config -> config);
             Connection c = harness.viaProxy()) {
            assertThat(c.isValid(5)).isTrue();
        }
        // and a target that does demand a password is not logged in to without one
        database.setAuthMethod(AuthMethod.SCRAM_SHA_256);
        try (ProxyHarness harness = ProxyHarness.start(database, ProxyHarness.upstream(noPassword),
                config -> config)) {
            SQLException error = connectionError(harness);
            assertThat(error.getSQLState()).isEqualTo("08004");
            assertThat(error.getMessage()).contains("\"" + ProxyHarness.TARGET + "\"");
            assertNoSessionLeft(harness);
        }
    }

    @Test
    void anUnreachableTargetIs08006CouldNotConnect() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (ProxyHarness harness = ProxyHarness.start(database, ports -> ports,
                ProxyHarness.targetAt(database.host(), closedPort, Target.UpstreamTls.DISABLED))) {
            SQLException error = connectionError(harness);

            assertThat(error.getSQLState()).isEqualTo("08006");
            assertThat(error.getMessage()).contains("could not connect", "\"" + ProxyHarness.TARGET + "\"")
                    .doesNotContain(database.appPassword(), harness.password);
            assertNoSessionLeft(harness);

            // with a lease of one session, a leaked admission would turn the next attempt into 53300
            String password = ProxyHarness.randomPassword();
            harness.leases.add("lease-single", new SessionGrant("lease-single", "study-42", ProxyHarness.TARGET),
                    password.toCharArray(), Instant.now().plus(1, ChronoUnit.HOURS), 1);
            Properties single = new Properties();
            single.setProperty("user", "lease-single");
            single.setProperty("password", password);
            for (int i = 0; i < 3; i++) {
                assertThat(connectionError(harness, single).getSQLState()).isEqualTo("08006");
                assertThat(harness.leases.sessions("lease-single")).isZero();
            }
            assertNoSessionLeft(harness);
        }
    }

    /** {@code upstreamConnectTimeout} bounds connecting and logging in, not only the TCP connect. */
    @Test
    void aTargetThatAcceptsButNeverAnswersIsGivenUpAfterTheConnectTimeout() throws Exception {
        // the kernel completes the TCP handshake from the listen backlog; nobody ever reads or answers
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ProxyHarness harness = ProxyHarness.start(database, ports -> ports, config -> ProxyHarness
                     .targetAt(database.host(), silent.getLocalPort(), Target.UpstreamTls.DISABLED).apply(config)
                     .withTimeouts(config.authenticationTimeout(), UPSTREAM_TIMEOUT))) {
            assertLoginGivenUpAfterTheTimeout(harness);
        }
    }

    @Test
    void aCredentialSourceThatNeverAnswersIsGivenUpAfterTheConnectTimeout() throws Exception {
        UpstreamCredentials never = session -> new CompletableFuture<>();
        try (ProxyHarness harness = ProxyHarness.start(database, ProxyHarness.upstream(never),
                config -> config.withTimeouts(config.authenticationTimeout(), UPSTREAM_TIMEOUT))) {
            assertLoginGivenUpAfterTheTimeout(harness);
        }
    }

    private static void assertLoginGivenUpAfterTheTimeout(ProxyHarness harness) {
        long started = System.nanoTime();
        SQLException error = connectionError(harness, LOGIN_TIMEOUT);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(error.getSQLState()).as("%s", error).isEqualTo("08006");
        assertThat(error.getMessage()).contains("\"" + ProxyHarness.TARGET + "\"");
        assertThat(elapsed).isGreaterThanOrEqualTo(UPSTREAM_TIMEOUT).isLessThan(UPSTREAM_TIMEOUT.multipliedBy(5));
        assertNoSessionLeft(harness);
    }

    @Test
    void afterAFailedLoginTheSameLeaseStillWorks() throws Exception {
        // a proxy whose credential source fails first and then answers: the failure must not use up a session
        String[] passwords = {"wrong-" + ProxyHarness.randomPassword(), database.appPassword()};
        int[] call = {0};
        UpstreamCredentials flaky = session -> CompletableFuture.completedFuture(new UpstreamLogin(
                database.appUser(), passwords[Math.min(call[0]++, 1)].toCharArray()));
        try (ProxyHarness harness = ProxyHarness.start(database, ProxyHarness.upstream(flaky), config -> config)) {
            assertThat(connectionError(harness).getSQLState()).isEqualTo("08004");
            assertNoSessionLeft(harness);
            try (Connection c = harness.viaProxy()) {
                assertThat(c.isValid(5)).isTrue();
                assertThat(harness.leases.sessions(ProxyHarness.USER)).isEqualTo(1);
            }
            awaitNoSessionLeft(harness);
        }
    }

    /**
     * One credential object for every session, as a password read once at start is served: the PBKDF2 of the
     * password is done at the first SCRAM login only, and when the server's salt changes (the password is set
     * again) the next login derives the keys again and still succeeds.
     */
    @Test
    void sessionsOfOneCredentialDeriveItsScramKeysOnceUntilTheServersSaltChanges() throws Exception {
        UpstreamLogin login = new UpstreamLogin(database.appUser(), database.appPassword().toCharArray());
        UpstreamCredentials same = session -> CompletableFuture.completedFuture(login);
        try (ProxyHarness harness = ProxyHarness.start(database, ProxyHarness.upstream(same), config -> config)) {
            for (int i = 0; i < 3; i++) {
                assertQueriesThroughTheProxy(harness);
            }
            assertThat(login.scramKeys().derivations()).isEqualTo(1);

            database.setAuthMethod(AuthMethod.SCRAM_SHA_256); // stores the password again: a new salt
            assertQueriesThroughTheProxy(harness);
            assertQueriesThroughTheProxy(harness);
            assertThat(login.scramKeys().derivations()).isEqualTo(2);
            awaitNoSessionLeft(harness);
        }
    }

    private void assertQueriesThroughTheProxy(ProxyHarness harness) throws SQLException {
        try (Connection c = harness.viaProxy(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(database.appUser());
        }
    }

    private UpstreamCredentials loginWith(String password) {
        return session -> CompletableFuture.completedFuture(
                new UpstreamLogin(database.appUser(), password.toCharArray()));
    }

    private static SQLException connectionError(ProxyHarness harness) {
        return connectionError(harness, new Properties());
    }

    private static SQLException connectionError(ProxyHarness harness, Properties extra) {
        try (Connection c = harness.viaProxy(extra)) {
            throw new AssertionError("the connection through the proxy succeeded: " + c);
        } catch (SQLException e) {
            return e;
        }
    }

    /**
     * After a failed login: the session is gone and its admission released by the time the client has the
     * error (no waiting), so that a client retrying at once is not refused for a session it no longer has.
     */
    private static void assertNoSessionLeft(ProxyHarness harness) {
        assertThat(harness.leases.sessions(ProxyHarness.USER)).as("admitted sessions of the lease").isZero();
        assertThat(harness.proxy.sessionCount()).as("live proxy sessions").isZero();
    }

    /** After a client closed its connection: the proxy notices it asynchronously. */
    private static void awaitNoSessionLeft(ProxyHarness harness) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertNoSessionLeft(harness));
    }

    private static String proxyLog() throws IOException {
        return Files.exists(PROXY_LOG) ? Files.readString(PROXY_LOG, StandardCharsets.UTF_8) : "";
    }
}
