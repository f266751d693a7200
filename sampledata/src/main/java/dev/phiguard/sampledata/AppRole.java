package dev.phiguard.sampledata;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.PGConnection;

/**
 * The application role {@code phiguard_app}: the target's own credential that the proxy logs in with. It may
 * connect to the sample database, read the sample tables and do anything inside its own schema {@code scratch};
 * nothing else (no temporary tables, no objects in {@code public}).
 */
final class AppRole {

    private AppRole() {
    }

    /** Creates the role and its schema and takes PUBLIC's default rights away. Run as superuser in the database. */
    static void create(Connection connection, String role, String database, String scratchSchema)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + role
                    + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS");
            statement.execute("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
            statement.execute("GRANT CONNECT ON DATABASE " + database + " TO " + role);
            statement.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
            statement.execute("GRANT USAGE ON SCHEMA public TO " + role);
            statement.execute("CREATE SCHEMA " + scratchSchema + " AUTHORIZATION " + role);
        }
    }

    /** Grants read access to the sample tables (after they were loaded). */
    static void grantRead(Connection connection, String role) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("GRANT SELECT ON " + String.join(", ", SampleSchema.TABLES) + " TO " + role);
        }
    }

    /**
     * Stores {@code password} for {@code role} in the form {@code method} needs (MD5 hash for {@link AuthMethod#MD5},
     * SCRAM verifier otherwise). The verifier is computed on the client, so the clear password never reaches the
     * server, and the statement is kept out of the server log even if it fails.
     */
    static void storePassword(Connection connection, String role, char[] password, AuthMethod method)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET log_min_error_statement = panic");
            statement.execute("SET log_statement = 'none'");
            statement.execute("SET password_encryption = '" + method.passwordEncryption() + "'");
            // pgjdbc zeroes the array it is given: hand it a copy
            connection.unwrap(PGConnection.class)
                    .alterUserPassword(role, password.clone(), method.passwordEncryption());
            statement.execute("RESET password_encryption");
            statement.execute("RESET log_statement");
            statement.execute("RESET log_min_error_statement");
        }
    }
}
