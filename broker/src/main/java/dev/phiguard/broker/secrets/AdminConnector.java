package dev.phiguard.broker.secrets;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Properties;

/**
 * Opens the administrative JDBC connection of {@link CredentialSource.EphemeralRole} with the login of its admin
 * source. When the server refuses that login (28P01: rotated), the source's cache is dropped and the login read once
 * more. The password goes to the driver in its properties only, never into the URL.
 */
final class AdminConnector implements EphemeralRoles.AdminConnections {

    private static final String ADMIN_LEASE = "admin";
    private static final String INVALID_PASSWORD = "28P01";

    private final String url;
    private final SecretSource adminSource;

    AdminConnector(TargetSecretsConfig target, SecretSource adminSource) {
        this.url = "jdbc:postgresql://" + target.host() + ":" + target.port() + "/" + target.database();
        this.adminSource = Objects.requireNonNull(adminSource, "adminSource");
    }

    @Override
    public Connection open() throws SQLException {
        try {
            return connect();
        } catch (SQLException e) {
            if (!INVALID_PASSWORD.equals(e.getSQLState())) {
                throw e;
            }
            adminSource.invalidate();
            return connect();
        }
    }

    private Connection connect() throws SQLException {
        try (UpstreamSecret login = adminSource.acquire(ADMIN_LEASE)) {
            Properties properties = new Properties();
            properties.setProperty("user", login.user());
            char[] password = login.password();
            try {
                properties.setProperty("password", new String(password));
            } finally {
                Arrays.fill(password, '\0');
            }
            properties.setProperty("ApplicationName", "phiguard role manager");
            properties.setProperty("connectTimeout", "10");
            properties.setProperty("socketTimeout", "60");
            return DriverManager.getConnection(url, properties);
        }
    }
}
