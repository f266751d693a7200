package dev.phiguard.broker.secrets;

import static org.awaitility.Awaitility.await;

import dev.phiguard.sampledata.EmbeddedTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

/**
 * The embedded PostgreSQL target prepared for per-lease roles: a read role {@value #READ_ROLE} that may read
 * {@code encounters} and nothing else, an administrative login {@value #ADMIN} with only what
 * {@code docs/configuration.md} asks for (CREATEROLE, ADMIN OPTION on the read role, pg_signal_backend), and
 * {@code pg_hba.conf} lines that let both, and the read role's members, log in with SCRAM.
 */
final class RoleTarget implements AutoCloseable {

    static final String READ_ROLE = "clinic_reader";
    static final String ADMIN = "phiguard_admin";

    private final EmbeddedTarget target;
    private final String adminPassword = "Adm1n-" + UUID.randomUUID();

    RoleTarget() throws Exception {
        target = EmbeddedTarget.builder().patients(20).start();
        try (Connection connection = target.superuserConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + READ_ROLE + " NOLOGIN");
            statement.execute("GRANT CONNECT ON DATABASE clinic TO " + READ_ROLE);
            statement.execute("GRANT USAGE ON SCHEMA public TO " + READ_ROLE);
            statement.execute("GRANT SELECT ON public.encounters TO " + READ_ROLE);
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("CREATE ROLE " + ADMIN + " LOGIN CREATEROLE PASSWORD '" + adminPassword + "'");
            statement.execute("GRANT CONNECT ON DATABASE clinic TO " + ADMIN);
            statement.execute("GRANT " + READ_ROLE + " TO " + ADMIN + " WITH ADMIN OPTION, INHERIT FALSE, SET FALSE");
            statement.execute("GRANT pg_signal_backend TO " + ADMIN);
            Timestamp before = loadTime(statement);
            Path hba = target.dataDirectory().resolve("pg_hba.conf");
            Files.writeString(hba, Files.readString(hba)
                    + "host    clinic    " + ADMIN + "         127.0.0.1/32  scram-sha-256\n"
                    + "host    clinic    +" + READ_ROLE + "    127.0.0.1/32  scram-sha-256\n");
            statement.execute("SELECT pg_reload_conf()");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (Connection fresh = target.superuserConnection(); Statement s = fresh.createStatement()) {
                    return loadTime(s).after(before);
                }
            });
        }
    }

    EmbeddedTarget target() {
        return target;
    }

    String adminPassword() {
        return adminPassword;
    }

    /** Administrative connections as {@value #ADMIN}. */
    EphemeralRoles.AdminConnections admin() {
        return () -> connect(ADMIN, adminPassword.toCharArray());
    }

    Connection connect(String user, char[] password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", new String(password));
        java.util.Arrays.fill(password, '\0');
        return DriverManager.getConnection(target.appJdbcUrl(), properties);
    }

    Connection superuser() throws SQLException {
        return target.superuserConnection();
    }

    /** Whether a role of that name exists. */
    boolean roleExists(String role) throws SQLException {
        try (Connection connection = superuser();
             var query = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static Timestamp loadTime(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT pg_conf_load_time()")) {
            rows.next();
            return rows.getTimestamp(1);
        }
    }

    @Override
    public void close() {
        target.close();
    }
}
