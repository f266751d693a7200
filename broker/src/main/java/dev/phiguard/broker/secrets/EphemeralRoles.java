package dev.phiguard.broker.secrets;

import dev.phiguard.broker.lease.LeaseIds;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-lease PostgreSQL roles on one target, managed over an administrative connection.
 *
 * <p>{@link #create} makes, in one transaction, {@code "<prefix><lease id>"} with {@code LOGIN INHERIT NOSUPERUSER
 * NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT <max sessions> VALID UNTIL '<lease end>'}, a
 * random 192-bit password given as its SCRAM verifier, membership in exactly one read role (INHERIT, so it holds
 * exactly that role's privileges and nothing else), and a {@code COMMENT} that marks it as phiguard's. If any step
 * fails the transaction is rolled back: the role does not exist. {@link #drop} forbids new logins, ends the role's
 * sessions ({@code pg_terminate_backend}), drops what it owns or was granted in the target database ({@code DROP
 * OWNED}, only when there is something) and the role.
 * {@link #cleanupLeftovers} finds marked roles whose lease is no longer live (left by a crash) and drops them.
 *
 * <p>Failures are {@link UpstreamSecretException}s naming the target, the lease and the SQLSTATE only: no statement
 * text, server message or password. The administrative login needs {@code CREATEROLE} and {@code ADMIN OPTION} on the
 * read roles (or superuser), and membership in {@code pg_signal_backend} to end sessions.
 */
public final class EphemeralRoles {

    /** The start of the comment on every role made here. */
    public static final String COMMENT_MARK = "phiguard ephemeral role";
    /** How long {@link #drop} waits for each session to end. */
    static final long TERMINATE_TIMEOUT_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(EphemeralRoles.class);
    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,29}");

    /** Opens an administrative connection to the target's database; the caller closes it. */
    @FunctionalInterface
    public interface AdminConnections {
        Connection open() throws SQLException;
    }

    private final String target;
    private final AdminConnections admin;
    private final String prefix;
    private final RolePasswords passwords;
    private final Clock clock;

    /**
     * @param target the target's name, for messages
     * @param admin  the administrative connections
     * @param prefix the role name prefix, {@code [a-z_][a-z0-9_]{0,29}}
     */
    public EphemeralRoles(String target, AdminConnections admin, String prefix, SecureRandom random, Clock clock) {
        this.target = Objects.requireNonNull(target, "target");
        this.admin = Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("role prefix must match " + PREFIX.pattern() + ", was '" + prefix + "'");
        }
        this.prefix = prefix;
        this.passwords = new RolePasswords(random);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The role name of a lease: {@code <prefix><lease id>}. */
    public String roleName(String leaseId) {
        requireLeaseId(leaseId);
        return prefix + leaseId;
    }

    /**
     * Creates the lease's role (replacing a marked role of the same name that a previous run left behind).
     *
     * @param endsAt          the lease's end: {@code VALID UNTIL}, must be in the future
     * @param readRole        the one role it becomes a member of
     * @param connectionLimit its {@code CONNECTION LIMIT}, at least 1
     * @return its login; the caller wipes it
     * @throws UpstreamSecretException {@code ROLE_CREATION_FAILED}, naming the target, the lease and the SQLSTATE
     */
    public UpstreamSecret create(String leaseId, Instant endsAt, String readRole, int connectionLimit) {
        String role = roleName(leaseId);
        Objects.requireNonNull(endsAt, "endsAt");
        if (!endsAt.isAfter(clock.instant())) {
            throw new UpstreamSecretException(target, UpstreamSecretException.Reason.ROLE_CREATION_FAILED,
                    "lease " + leaseId + " has already ended");
        }
        if (readRole == null || !CredentialSource.ROLE_NAME.matcher(readRole).matches()) {
            throw new IllegalArgumentException("read role must match " + CredentialSource.ROLE_NAME.pattern());
        }
        if (connectionLimit < 1) {
            throw new IllegalArgumentException("connection limit must be at least 1, was " + connectionLimit);
        }
        String validUntil = endsAt.truncatedTo(ChronoUnit.MICROS).toString();
        char[] password = passwords.newPassword();
        try {
            String verifier = passwords.verifier(password);
            try (Connection connection = admin.open()) {
                if (isMarked(connection, role)) {
                    LOG.info("Target '{}': replacing the role {} left by an earlier run", target, role);
                    dropIn(connection, role);
                } else if (exists(connection, role)) {
                    LOG.warn("Target '{}': a role named {} exists and is not marked as phiguard's", target, role);
                    throw new UpstreamSecretException(target, UpstreamSecretException.Reason.ROLE_CREATION_FAILED,
                            "creating the role for " + leaseId + " failed: a role of that name exists and is not"
                                    + " phiguard's");
                }
                quietServerLog(connection);
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE ROLE " + quote(role) + " WITH LOGIN INHERIT NOSUPERUSER NOCREATEDB"
                            + " NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT " + connectionLimit
                            + " PASSWORD '" + verifier + "' VALID UNTIL '" + validUntil + "'");
                    statement.execute("GRANT " + quote(readRole) + " TO " + quote(role));
                    statement.execute("COMMENT ON ROLE " + quote(role) + " IS '" + COMMENT_MARK + " for " + leaseId
                            + " until " + validUntil + "'");
                    connection.commit();
                } catch (SQLException e) {
                    rollbackQuietly(connection);
                    throw e;
                }
            }
            LOG.info("Target '{}': created role {} in {} until {} (connection limit {})", target, role, readRole,
                    validUntil, connectionLimit);
            return UpstreamSecret.of(role, password);
        } catch (SQLException e) {
            throw failure(UpstreamSecretException.Reason.ROLE_CREATION_FAILED, "creating the role for " + leaseId, e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Ends the lease's role: no new logins, its sessions terminated, what it owns in this database dropped, the role
     * dropped.
     *
     * @return whether a role existed
     * @throws UpstreamSecretException {@code ROLE_REMOVAL_FAILED}
     */
    public boolean drop(String leaseId) {
        String role = roleName(leaseId);
        try (Connection connection = admin.open()) {
            if (!exists(connection, role)) {
                return false;
            }
            dropIn(connection, role);
            LOG.info("Target '{}': dropped role {}", target, role);
            return true;
        } catch (SQLException e) {
            throw failure(UpstreamSecretException.Reason.ROLE_REMOVAL_FAILED, "dropping the role of " + leaseId, e);
        }
    }

    /**
     * Drops every marked role of this prefix whose lease is not live: roles a crashed or killed process left behind.
     *
     * @param isLive whether a lease id belongs to a lease that still lives (its role is kept)
     * @return the lease ids whose roles were dropped
     */
    public List<String> cleanupLeftovers(Predicate<String> isLive) {
        Objects.requireNonNull(isLive, "isLive");
        List<String> dropped = new ArrayList<>();
        try (Connection connection = admin.open()) {
            for (String role : markedRoles(connection)) {
                String leaseId = role.substring(prefix.length());
                if (LeaseIds.isValid(leaseId) && !isLive.test(leaseId)) {
                    dropIn(connection, role);
                    dropped.add(leaseId);
                }
            }
        } catch (SQLException e) {
            throw failure(UpstreamSecretException.Reason.ROLE_REMOVAL_FAILED, "cleaning up leftover roles", e);
        }
        if (!dropped.isEmpty()) {
            LOG.info("Target '{}': dropped {} leftover role(s) of ended leases: {}", target, dropped.size(), dropped);
        }
        return dropped;
    }

    private List<String> markedRoles(Connection connection) throws SQLException {
        List<String> roles = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT rolname FROM pg_roles WHERE"
                + " starts_with(rolname, ?) AND starts_with(shobj_description(oid, 'pg_authid'), ?) ORDER BY 1")) {
            query.setString(1, prefix);
            query.setString(2, COMMENT_MARK);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    roles.add(rows.getString(1));
                }
            }
        }
        return roles;
    }

    private static boolean isMarked(Connection connection, String role) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ? AND"
                + " starts_with(shobj_description(oid, 'pg_authid'), ?)")) {
            query.setString(1, role);
            query.setString(2, COMMENT_MARK);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * Asks the server not to copy a failing statement into its log ({@code log_min_error_statement}), so a failed
     * {@code CREATE ROLE} leaves not even the verifier there. Only a superuser may; for other administrative logins
     * the server's setting stays (the statement then carries the salted verifier, never the password).
     */
    private static void quietServerLog(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            boolean superuser;
            try (ResultSet rows = statement.executeQuery("SELECT current_setting('is_superuser') = 'on'")) {
                superuser = rows.next() && rows.getBoolean(1);
            }
            if (superuser) {
                statement.execute("SET log_min_error_statement = panic");
            }
        }
    }

    private static boolean ownsOrHoldsAnything(Connection connection, String role) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_shdepend d JOIN pg_roles r"
                + " ON d.refclassid = 'pg_authid'::regclass AND d.refobjid = r.oid WHERE r.rolname = ? LIMIT 1")) {
            query.setString(1, role);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static boolean exists(Connection connection, String role) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** NOLOGIN first (committed), so no session can start while the others are ended; then drop in one transaction. */
    private static void dropIn(Connection connection, String role) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER ROLE " + quote(role) + " NOLOGIN");
        }
        try (PreparedStatement terminate = connection.prepareStatement("SELECT pg_terminate_backend(pid, ?)"
                + " FROM pg_stat_activity WHERE usename = ? AND pid <> pg_backend_pid()")) {
            terminate.setLong(1, TERMINATE_TIMEOUT_MILLIS);
            terminate.setString(2, role);
            try (ResultSet ignored = terminate.executeQuery()) {
                // one row per ended session
            }
        }
        boolean owns = ownsOrHoldsAnything(connection, role);
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            if (owns) {
                statement.execute("DROP OWNED BY " + quote(role));
            }
            statement.execute("DROP ROLE " + quote(role));
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private UpstreamSecretException failure(UpstreamSecretException.Reason reason, String what, SQLException e) {
        String state = e.getSQLState() == null ? "none" : e.getSQLState();
        LOG.warn("Target '{}': {} failed (SQLSTATE {})", target, what, state);
        return new UpstreamSecretException(target, reason, what + " failed (SQLSTATE " + state + ")");
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is closed next; the server rolls back
        }
    }

    private static void requireLeaseId(String leaseId) {
        if (!LeaseIds.isValid(leaseId)) {
            throw new IllegalArgumentException("not a lease id: must match lease-[a-z2-7]{16}");
        }
    }

    /** A quoted identifier; the names quoted here are validated, the doubling of quotes is defence in depth. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
