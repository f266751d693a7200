package dev.phiguard.cli.server;

import dev.phiguard.cli.server.config.ServerConfig.CredentialsSection;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.port.UpstreamCredentials;
import dev.phiguard.proxy.port.UpstreamLogin;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A target's upstream login from an environment variable or a file: for development only (a standing secret on
 * the node is what phiguard exists to remove), so starting with one logs a warning naming the target. The
 * password is read once at start and held in memory only. Every session gets the same {@link UpstreamLogin}, so
 * the SCRAM keys derived from the password at the first login serve the later ones (see
 * {@link dev.phiguard.proxy.auth.ScramClientKeys}).
 */
final class StaticUpstream implements UpstreamCredentials {

    private static final Logger log = LoggerFactory.getLogger(StaticUpstream.class);

    private final String user;
    private final char[] password;
    private final UpstreamLogin login;

    private StaticUpstream(String user, char[] password) {
        this.user = user;
        this.password = password;
        this.login = new UpstreamLogin(user, password);
    }

    static StaticUpstream of(String target, CredentialsSection credentials) {
        if (credentials.env() != null) {
            String user = System.getenv(credentials.env().user());
            String password = System.getenv(credentials.env().password());
            if (user == null || user.isEmpty() || password == null || password.isEmpty()) {
                throw new NodeStartException("target '" + target + "': environment variables "
                        + credentials.env().user() + " and " + credentials.env().password() + " must be set");
            }
            log.warn("target '{}' logs in with a password from the environment: for development only;"
                    + " use Vault or a per-lease role in production (docs/configuration.md)", target);
            return new StaticUpstream(user, password.toCharArray());
        }
        char[] password = SecretFiles.read(credentials.file().passwordFile(),
                "targets." + target + ".credentials.file.password_file");
        log.warn("target '{}' logs in with a password from a file: for development only;"
                + " use Vault or a per-lease role in production (docs/configuration.md)", target);
        return new StaticUpstream(credentials.file().user(), password);
    }

    @Override
    public CompletionStage<UpstreamLogin> loginFor(SessionInfo session) {
        return CompletableFuture.completedFuture(login);
    }

    /** A JDBC connection with this login, for reading the target's catalog. */
    Connection connect(String jdbcUrl) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", new String(password));
        properties.setProperty("ApplicationName", "phiguard-catalog");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    @Override
    public String toString() {
        return "StaticUpstream[user=" + user + ", password=<redacted>]";
    }
}
