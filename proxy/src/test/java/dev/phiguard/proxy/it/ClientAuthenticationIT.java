package dev.phiguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.proxy.ProxyServer;
import dev.phiguard.proxy.config.ClientTls;
import dev.phiguard.proxy.config.ProxyConfig;
import dev.phiguard.proxy.config.Target;
import dev.phiguard.proxy.port.InMemoryCredentials;
import dev.phiguard.proxy.port.ProxyPorts;
import dev.phiguard.proxy.port.SessionGrant;
import dev.phiguard.proxy.port.UpstreamLogin;
import java.net.InetSocketAddress;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wrong password, unknown user, expired or revoked lease: the right error, and the target never sees a
 * connection attempt (the target here is a tripwire that counts connections).
 */
class ClientAuthenticationIT {
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private TripwireServer tripwire;
    private ProxyServer proxy;
    private InMemoryCredentials leases;
    private final String password = ProxyHarness.randomPassword();

    @BeforeEach
    void start() throws Exception {
        tripwire = new TripwireServer();
        leases = new InMemoryCredentials(Clock.fixed(NOW, ZoneOffset.UTC));
        leases.add("lease-valid", new SessionGrant("lease-valid", "study-42", "clinic"), password.toCharArray(),
                NOW.plusSeconds(3600), 1);
        leases.add("lease-expired", new SessionGrant("lease-expired", "study-42", "clinic"), password.toCharArray(),
                NOW.minusSeconds(1), 1);
        leases.add("lease-revoked", new SessionGrant("lease-revoked", "study-42", "clinic"), password.toCharArray(),
                NOW.plusSeconds(3600), 1);
        leases.revoke("lease-revoked");
        Target target = new Target("clinic", "127.0.0.1", tripwire.port(), "clinic", Target.UpstreamTls.DISABLED);
        proxy = ProxyServer.start(
                ProxyConfig.of(new InetSocketAddress("127.0.0.1", 0), ClientTls.disabled(), Map.of("clinic", target)),
                ProxyPorts.passThrough(leases, s -> CompletableFuture.completedFuture(
                        new UpstreamLogin("phiguard_app", "not-used".toCharArray()))));
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        tripwire.close();
        ProxyHarness.assertNoSecretsLogged(password);
    }

    private SQLException connect(String user, String pw) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", pw);
        p.setProperty("sslmode", "disable");
        try {
            DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + proxy.address().getPort() + "/clinic", p)
                    .close();
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    @Test
    void wrongPasswordIs28P01AndTheTargetIsNotContacted() {
        SQLException error = connect("lease-valid", "wrong-" + password);
        assertThat((Throwable) error).isNotNull();
        assertThat(error.getSQLState()).isEqualTo("28P01");
        assertThat(error.getMessage()).contains("password authentication failed for user \"lease-valid\"")
                .doesNotContain(password);
        assertThat(tripwire.connections()).isZero();
    }

    @Test
    void unknownUserLooksExactlyLikeAWrongPassword() {
        SQLException unknown = connect("lease-nobody", password);
        SQLException wrong = connect("lease-valid", "wrong");
        assertThat(unknown.getSQLState()).isEqualTo("28P01").isEqualTo(wrong.getSQLState());
        assertThat(unknown.getMessage().replace("lease-nobody", "X"))
                .isEqualTo(wrong.getMessage().replace("lease-valid", "X"));
        assertThat(tripwire.connections()).isZero();
    }

    @Test
    void expiredAndRevokedLeasesAre28000() {
        SQLException expired = connect("lease-expired", password);
        assertThat(expired.getSQLState()).isEqualTo("28000");
        assertThat(expired.getMessage()).contains("expired");
        SQLException revoked = connect("lease-revoked", password);
        assertThat(revoked.getSQLState()).isEqualTo("28000");
        assertThat(revoked.getMessage()).contains("revoked");
        assertThat(tripwire.connections()).isZero();
    }

    @Test
    void theRightPasswordReachesTheTarget() {
        // the tripwire closes the connection at once, so the login fails - but only after the proxy tried
        SQLException error = connect("lease-valid", password);
        assertThat((Throwable) error).isNotNull();
        assertThat(error.getSQLState()).startsWith("08");
        assertThat(tripwire.connections()).isEqualTo(1);
        assertThat(leases.sessions("lease-valid")).isZero();
    }

    @Test
    void aClientThatOffersNoPasswordIsRefused() {
        Properties p = new Properties();
        p.setProperty("user", "lease-valid");
        p.setProperty("sslmode", "disable");
        assertThatThrownBy(() -> DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + proxy.address().getPort() + "/clinic", p))
                .isInstanceOf(SQLException.class);
        assertThat(tripwire.connections()).isZero();
    }
}
