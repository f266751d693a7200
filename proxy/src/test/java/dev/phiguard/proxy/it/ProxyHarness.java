package dev.phiguard.proxy.it;

import dev.phiguard.proxy.ProxyServer;
import dev.phiguard.proxy.config.ClientTls;
import dev.phiguard.proxy.config.ProxyConfig;
import dev.phiguard.proxy.config.Target;
import dev.phiguard.proxy.port.InMemoryCredentials;
import dev.phiguard.proxy.port.ProxyPorts;
import dev.phiguard.proxy.port.SessionGrant;
import dev.phiguard.proxy.port.UpstreamCredentials;
import dev.phiguard.proxy.port.UpstreamLogin;
import dev.phiguard.sampledata.EmbeddedTarget;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * A proxy in front of a real embedded PostgreSQL, with one lease credential: what the integration tests
 * connect through. Each test class owns one (started in {@code @BeforeAll}).
 */
final class ProxyHarness implements AutoCloseable {
    static final String TARGET = "clinic";
    static final String LEASE = "lease-it";
    static final String USER = "lease-it";

    final EmbeddedTarget database;
    final InMemoryCredentials leases;
    final String password;
    final ProxyServer proxy;

    private ProxyHarness(EmbeddedTarget database, ProxyServer proxy, InMemoryCredentials leases, String password) {
        this.database = database;
        this.proxy = proxy;
        this.leases = leases;
        this.password = password;
    }

    static ProxyHarness start(EmbeddedTarget database) {
        return start(database, ports -> ports, config -> config);
    }

    static ProxyHarness start(EmbeddedTarget database, UnaryOperator<ProxyPorts> customisePorts,
                              UnaryOperator<ProxyConfig> customiseConfig) {
        return start(database, customisePorts, customiseConfig, Target.UpstreamTls.DISABLED, database.host());
    }

    static ProxyHarness start(EmbeddedTarget database, UnaryOperator<ProxyPorts> customisePorts,
                              UnaryOperator<ProxyConfig> customiseConfig, Target.UpstreamTls tls, String host) {
        InMemoryCredentials leases = new InMemoryCredentials();
        String password = randomPassword();
        leases.add(USER, new SessionGrant(LEASE, "study-42", TARGET), password.toCharArray(),
                Instant.now().plus(1, ChronoUnit.HOURS), 64);
        UpstreamCredentials upstream = session -> CompletableFuture.completedFuture(
                new UpstreamLogin(database.appUser(), database.appPassword().toCharArray()));
        Target target = new Target(TARGET, host, database.port(), database.database(), tls);
        ProxyConfig config = customiseConfig.apply(ProxyConfig.of(new InetSocketAddress("127.0.0.1", 0),
                ClientTls.disabled(), Map.of(TARGET, target)));
        ProxyServer proxy = ProxyServer.start(config, customisePorts.apply(ProxyPorts.passThrough(leases, upstream)));
        return new ProxyHarness(database, proxy, leases, password);
    }

    /** Ports that log in to the target with {@code upstream} instead of the target's own credential. */
    static UnaryOperator<ProxyPorts> upstream(UpstreamCredentials upstream) {
        return ports -> new ProxyPorts(ports.credentials(), upstream, ports.gate(), ports.rows(), ports.recordings(),
                ports.listener());
    }

    /** A configuration whose target is at {@code host:port}, reached with {@code tls}. */
    static UnaryOperator<ProxyConfig> targetAt(String host, int port, Target.UpstreamTls tls) {
        return config -> {
            Target target = config.targets().get(TARGET);
            return new ProxyConfig(config.listen(), config.clientTls(),
                    Map.of(TARGET, new Target(TARGET, host, port, target.database(), tls)),
                    config.maxClientMessageSize(), config.maxServerMessageSize(), config.authenticationTimeout(),
                    config.upstreamConnectTimeout());
        };
    }

    /** A configuration with {@code tls} towards clients. */
    static UnaryOperator<ProxyConfig> clientTls(ClientTls tls) {
        return config -> new ProxyConfig(config.listen(), tls, config.targets(), config.maxClientMessageSize(),
                config.maxServerMessageSize(), config.authenticationTimeout(), config.upstreamConnectTimeout());
    }

    int port() {
        return proxy.address().getPort();
    }

    String proxyUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database.database();
    }

    Properties proxyProperties() {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", password);
        p.setProperty("sslmode", "disable");
        return p;
    }

    Connection viaProxy() throws SQLException {
        return DriverManager.getConnection(proxyUrl(), proxyProperties());
    }

    Connection viaProxy(Properties extra) throws SQLException {
        Properties p = proxyProperties();
        p.putAll(extra);
        return DriverManager.getConnection(proxyUrl(), p);
    }

    Connection direct() throws SQLException {
        return direct(new Properties());
    }

    Connection direct(Properties extra) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", database.appUser());
        p.setProperty("password", database.appPassword());
        p.setProperty("sslmode", "disable");
        p.putAll(extra);
        return DriverManager.getConnection(directUrl(), p);
    }

    String directUrl() {
        return "jdbc:postgresql://" + database.host() + ":" + database.port() + "/" + database.database();
    }

    static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Stops the proxy, then checks invariant 5 on what the run logged so far: neither the lease password nor
     * the target's passwords appear anywhere in the test log.
     */
    @Override
    public void close() {
        proxy.close();
        assertNoSecretsLogged(password, database.appPassword(), database.superuserPassword());
    }

    static void assertNoSecretsLogged(String... secrets) {
        java.nio.file.Path log = java.nio.file.Path.of("target", "test.log");
        if (!java.nio.file.Files.exists(log)) {
            throw new AssertionError("expected the test log at " + log.toAbsolutePath());
        }
        try {
            String content = java.nio.file.Files.readString(log, java.nio.charset.StandardCharsets.UTF_8);
            for (String secret : secrets) {
                if (content.contains(secret)) {
                    throw new AssertionError("a secret was written to " + log);
                }
            }
            if (content.contains("LEAK:")) {
                throw new AssertionError("Netty reported a leaked buffer in " + log);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
