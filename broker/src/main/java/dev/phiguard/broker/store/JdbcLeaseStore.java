package dev.phiguard.broker.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phiguard.broker.lease.Approval;
import dev.phiguard.broker.lease.EndReason;
import dev.phiguard.broker.lease.Ending;
import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseDeadlines;
import dev.phiguard.broker.lease.LeaseState;
import dev.phiguard.broker.lease.Principal;
import dev.phiguard.policies.policy.ApprovalRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LeaseStore} over JDBC, for an embedded H2 database in the data directory ({@link #embedded}, the
 * default) and for a PostgreSQL database shared by several broker nodes ({@link #shared}). The schema is created
 * and upgraded by the Flyway migrations under {@code db/migration} when the store opens; opening an up-to-date
 * database changes nothing, and concurrent nodes opening one PostgreSQL database migrate it once (Flyway's lock).
 *
 * <p>Layout: one row per lease in {@code leases} (the requester's and the ender's groups and claims as JSON text,
 * timestamps as {@code TIMESTAMP(6) WITH TIME ZONE} in UTC, plus {@code next_deadline}, the indexed column
 * {@link #dueDeadlines} reads), its approvals in order in {@code lease_approvals}, and the credential's verifier in
 * {@code lease_credential_verifiers}. Every read of a lease is one statement (the lease joined with its approvals),
 * so it sees one consistent version; every write is one transaction at READ COMMITTED whose
 * {@code UPDATE ... WHERE id = ? AND version = ?} decides the race: the loser updates no row and gets a
 * {@link StaleLeaseException}, with its transaction rolled back.
 *
 * <p>Instants must have microsecond precision (the lease domain truncates them so), so that every lease reads back
 * {@linkplain Lease#equals equal} to what was written; finer instants are refused rather than silently rounded.
 */
public final class JdbcLeaseStore implements LeaseStore {

    /** The H2 database's file name (without H2's {@code .mv.db}) in the data directory. */
    public static final String EMBEDDED_FILE = "phiguard-state";
    /** Flyway's history table. */
    public static final String HISTORY_TABLE = "phiguard_schema_history";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcLeaseStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };
    private static final Pattern VERIFIER =
            Pattern.compile("SCRAM-SHA-256\\$[0-9]{1,7}:[A-Za-z0-9+/=]{1,200}\\$[A-Za-z0-9+/=]{1,200}:[A-Za-z0-9+/=]{1,200}");
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    private static final String H2_CONCURRENT_UPDATE = "90131";
    private static final String UNIQUE_VIOLATION = "23505";

    private static final String LEASE_COLUMNS = "id, version, state, end_reason, purpose, target, requester_issuer,"
            + " requester_subject, requester_groups, requester_claims, ttl_seconds, reason, request_hash,"
            + " approvals_required, approval_groups, max_sessions, created_at, pending_deadline, approved_at,"
            + " expires_at, credential_issued, open_sessions, ended_at, ended_by_issuer, ended_by_subject,"
            + " ended_by_groups, ended_by_claims, ending_reason, next_deadline";
    private static final String INSERT_LEASE = "INSERT INTO leases (" + LEASE_COLUMNS + ") VALUES ("
            + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_LEASE = "UPDATE leases SET id = ?, version = ?, state = ?, end_reason = ?,"
            + " purpose = ?, target = ?, requester_issuer = ?, requester_subject = ?, requester_groups = ?,"
            + " requester_claims = ?, ttl_seconds = ?, reason = ?, request_hash = ?, approvals_required = ?,"
            + " approval_groups = ?, max_sessions = ?, created_at = ?, pending_deadline = ?, approved_at = ?,"
            + " expires_at = ?, credential_issued = ?, open_sessions = ?, ended_at = ?, ended_by_issuer = ?,"
            + " ended_by_subject = ?, ended_by_groups = ?, ended_by_claims = ?, ending_reason = ?, next_deadline = ?"
            + " WHERE id = ? AND version = ?";
    private static final String INSERT_APPROVAL = "INSERT INTO lease_approvals (lease_id, ordinal, approver_issuer,"
            + " approver_subject, approver_groups, approver_claims, reason, request_hash, approved_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** The selected leases (a derived table {@code l}) with their approvals, one row per approval or lease. */
    private static final String SELECT_JOINED = "SELECT l.*, a.ordinal, a.approver_issuer, a.approver_subject,"
            + " a.approver_groups, a.approver_claims, a.reason AS approval_reason,"
            + " a.request_hash AS approval_request_hash, a.approved_at AS approval_at"
            + " FROM (SELECT * FROM leases %s) l LEFT JOIN lease_approvals a ON a.lease_id = l.id ORDER BY %s";

    private final DataSource dataSource;
    private final Runnable onClose;
    private final String description;

    private JdbcLeaseStore(DataSource dataSource, Runnable onClose, String description) {
        this.dataSource = dataSource;
        this.onClose = onClose;
        this.description = description;
    }

    /**
     * The embedded store: an H2 database file {@value #EMBEDDED_FILE} in {@code dataDirectory} (created if missing),
     * migrated to the current schema. One process at a time opens it; {@link #close()} closes the file. Every commit
     * is written to the file at once ({@code WRITE_DELAY=0}), so a killed process loses no committed change.
     */
    public static JdbcLeaseStore embedded(Path dataDirectory) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Path directory = dataDirectory.toAbsolutePath();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + directory, e);
        }
        String url = "jdbc:h2:file:" + directory.resolve(EMBEDDED_FILE) + ";LOCK_TIMEOUT=10000;WRITE_DELAY=0";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "phiguard", "");
        pool.setMaxConnections(16);
        try {
            migrate(pool, "embedded H2 in " + directory);
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
        return new JdbcLeaseStore(pool, pool::dispose, "embedded H2 in " + directory);
    }

    /**
     * A store in a PostgreSQL database that several nodes share, migrated to the current schema. The data source
     * (and its pooling) belongs to the caller; {@link #close()} leaves it open.
     */
    public static JdbcLeaseStore shared(DataSource postgres) {
        Objects.requireNonNull(postgres, "postgres");
        migrate(postgres, "PostgreSQL");
        return new JdbcLeaseStore(postgres, () -> { }, "PostgreSQL");
    }

    /**
     * The store's database, for the other tables that live beside the leases (the audit log). The embedded store's
     * pool is closed by {@link #close()}; use it only while the store is open.
     */
    public DataSource dataSource() {
        return dataSource;
    }

    private static void migrate(DataSource dataSource, String where) {
        try {
            var result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .table(HISTORY_TABLE)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("lease store in {}: {} schema migration(s) applied, now at version {}", where,
                        result.migrationsExecuted, result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            throw new LeaseStoreException("cannot migrate the lease store schema in " + where + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void create(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        checkPrecision(lease);
        inTransaction("create lease " + lease.id(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_LEASE)) {
                bindLease(insert, lease);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new LeaseStoreException("lease " + lease.id() + " already exists");
                }
                throw e;
            }
            insertApprovals(connection, lease);
            return null;
        });
    }

    @Override
    public Optional<Lease> find(String leaseId) {
        Objects.requireNonNull(leaseId, "leaseId");
        List<Lease> found = query("find lease " + leaseId, "WHERE id = ?", "l.id, a.ordinal", List.of(leaseId));
        return found.stream().findFirst();
    }

    @Override
    public List<Lease> list(LeaseFilter filter) {
        Objects.requireNonNull(filter, "filter");
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        filter.state().ifPresent(state -> {
            conditions.add("state = ?");
            parameters.add(state.name());
        });
        filter.purpose().ifPresent(purpose -> {
            conditions.add("purpose = ?");
            parameters.add(purpose);
        });
        filter.requesterSubject().ifPresent(subject -> {
            conditions.add("requester_subject = ?");
            parameters.add(subject);
        });
        parameters.add(filter.limit());
        String where = (conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions))
                + " ORDER BY created_at DESC, id DESC LIMIT ?";
        return query("list leases", where, "l.created_at DESC, l.id DESC, a.ordinal", parameters);
    }

    @Override
    public void update(Lease newLease, long expectedVersion) {
        Objects.requireNonNull(newLease, "newLease");
        checkNextVersion(newLease, expectedVersion);
        checkPrecision(newLease);
        write("update lease " + newLease.id(), newLease, expectedVersion, Optional.empty());
    }

    @Override
    public void issueCredential(Lease updated, long expectedVersion, String scramVerifier) {
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(scramVerifier, "scramVerifier");
        checkNextVersion(updated, expectedVersion);
        checkPrecision(updated);
        if (!updated.credentialIssued()) {
            throw new IllegalArgumentException("lease " + updated.id() + " v" + updated.version()
                    + " does not record a credential fetch (credentialIssued is false)");
        }
        if (!VERIFIER.matcher(scramVerifier).matches()) {
            // the value is not echoed: it is credential material, even if not a password
            throw new IllegalArgumentException("the verifier for lease " + updated.id()
                    + " is not a SCRAM-SHA-256 verifier (SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>)");
        }
        write("issue the credential of lease " + updated.id(), updated, expectedVersion, Optional.of(scramVerifier));
    }

    @Override
    public Optional<String> verifier(String leaseId) {
        Objects.requireNonNull(leaseId, "leaseId");
        return inTransaction("read the verifier of lease " + leaseId, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT scram_verifier FROM lease_credential_verifiers WHERE lease_id = ?")) {
                select.setString(1, leaseId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public List<Lease> dueDeadlines(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return query("read due deadlines",
                "WHERE next_deadline IS NOT NULL AND next_deadline <= ? ORDER BY next_deadline, id LIMIT ?",
                "l.next_deadline, l.id, a.ordinal", List.of(timestamp(comparable(now)), limit));
    }

    @Override
    public Optional<Instant> earliestDeadline() {
        return inTransaction("read the earliest deadline", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT MIN(next_deadline) FROM leases WHERE next_deadline IS NOT NULL");
                 ResultSet rows = select.executeQuery()) {
                rows.next();
                return Optional.ofNullable(rows.getObject(1, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
            }
        });
    }

    @Override
    public void close() {
        onClose.run();
    }

    @Override
    public String toString() {
        return "JdbcLeaseStore[" + description + "]";
    }

    // --- writing -------------------------------------------------------------------------------------------------

    private void write(String what, Lease lease, long expectedVersion, Optional<String> verifier) {
        write(what, lease, expectedVersion, verifier, connection -> null);
    }

    private void write(String what, Lease lease, long expectedVersion, Optional<String> verifier,
                       JdbcTransactions.Work<?> alongside) {
        try {
            inTransaction(what, connection -> {
                String sql = verifier.isPresent() ? UPDATE_LEASE + " AND credential_issued = FALSE" : UPDATE_LEASE;
                int updated;
                try (PreparedStatement update = connection.prepareStatement(sql)) {
                    int next = bindLease(update, lease);
                    update.setString(next, lease.id());
                    update.setLong(next + 1, expectedVersion);
                    updated = update.executeUpdate();
                }
                if (updated == 0) {
                    Optional<Long> stored = storedVersion(connection, lease.id());
                    throw new StaleLeaseException(lease.id(), expectedVersion, stored,
                            verifier.isPresent() && stored.equals(Optional.of(expectedVersion))
                                    ? "its credential was already issued" : "");
                }
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM lease_approvals WHERE lease_id = ?")) {
                    delete.setString(1, lease.id());
                    delete.executeUpdate();
                }
                insertApprovals(connection, lease);
                if (verifier.isPresent()) {
                    insertVerifier(connection, lease, verifier.get());
                }
                alongside.run(connection);
                return null;
            });
        } catch (LeaseStoreException e) {
            if (e.getCause() instanceof SQLException sql && H2_CONCURRENT_UPDATE.equals(sql.getSQLState())) {
                // H2 refuses a row another open transaction changed; the other writer wins as in PostgreSQL
                throw new StaleLeaseException(lease.id(), expectedVersion, currentVersion(lease.id()),
                        "another writer updated it at the same time");
            }
            throw e;
        }
    }

    private static void insertVerifier(Connection connection, Lease lease, String verifier) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO lease_credential_verifiers (lease_id, scram_verifier, created_at) VALUES (?, ?, ?)")) {
            insert.setString(1, lease.id());
            insert.setString(2, verifier);
            insert.setObject(3, timestamp(Instant.now()));
            insert.executeUpdate();
        } catch (SQLException e) {
            // a driver's message may quote the row it refused: keep the verifier out of it by dropping the cause
            throw new LeaseStoreException("cannot store the credential verifier of lease " + lease.id()
                    + " (SQLState " + e.getSQLState() + ", error " + e.getErrorCode() + ")");
        }
    }

    private static void insertApprovals(Connection connection, Lease lease) throws SQLException {
        if (lease.approvals().isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_APPROVAL)) {
            int ordinal = 0;
            for (Approval approval : lease.approvals()) {
                insert.setString(1, lease.id());
                insert.setInt(2, ordinal++);
                insert.setString(3, approval.approver().issuer());
                insert.setString(4, approval.approver().subject());
                insert.setString(5, json(approval.approver().groups()));
                insert.setString(6, json(approval.approver().claims()));
                insert.setString(7, approval.reason().orElse(null));
                insert.setString(8, approval.requestHash());
                insert.setObject(9, timestamp(approval.at()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Binds every lease column in {@link #LEASE_COLUMNS} order from parameter 1; returns the next index. */
    private static int bindLease(PreparedStatement statement, Lease lease) throws SQLException {
        int i = 1;
        statement.setString(i++, lease.id());
        statement.setLong(i++, lease.version());
        statement.setString(i++, lease.state().name());
        statement.setString(i++, lease.endReason().map(Enum::name).orElse(null));
        statement.setString(i++, lease.purpose());
        statement.setString(i++, lease.target());
        statement.setString(i++, lease.requester().issuer());
        statement.setString(i++, lease.requester().subject());
        statement.setString(i++, json(lease.requester().groups()));
        statement.setString(i++, json(lease.requester().claims()));
        statement.setLong(i++, lease.ttl().getSeconds());
        statement.setString(i++, lease.reason());
        statement.setString(i++, lease.requestHash());
        statement.setInt(i++, lease.approvalRule().required());
        statement.setString(i++, json(new TreeSet<>(lease.approvalRule().fromGroups())));
        statement.setInt(i++, lease.maxSessions());
        setTimestamp(statement, i++, Optional.of(lease.createdAt()));
        setTimestamp(statement, i++, Optional.of(lease.pendingDeadline()));
        setTimestamp(statement, i++, lease.approvedAt());
        setTimestamp(statement, i++, lease.expiresAt());
        statement.setBoolean(i++, lease.credentialIssued());
        statement.setInt(i++, lease.openSessions());
        Optional<Ending> ending = lease.ending();
        Optional<Principal> by = ending.flatMap(Ending::by);
        setTimestamp(statement, i++, ending.map(Ending::at));
        statement.setString(i++, by.map(Principal::issuer).orElse(null));
        statement.setString(i++, by.map(Principal::subject).orElse(null));
        statement.setString(i++, by.map(p -> json(p.groups())).orElse(null));
        statement.setString(i++, by.map(p -> json(p.claims())).orElse(null));
        statement.setString(i++, ending.flatMap(Ending::reason).orElse(null));
        setTimestamp(statement, i++, LeaseDeadlines.nextDeadline(lease));
        return i;
    }

    // --- sessions ------------------------------------------------------------------------------------------------

    @Override
    public void openSession(Lease updated, long expectedVersion, LeaseSession session) {
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(session, "session");
        checkNextVersion(updated, expectedVersion);
        checkPrecision(updated);
        if (!session.leaseId().equals(updated.id()) || !session.isOpen()) {
            throw new IllegalArgumentException("session " + session.id() + " must be an open session of lease "
                    + updated.id());
        }
        write("open session " + session.id() + " of lease " + updated.id(), updated, expectedVersion,
                Optional.empty(), connection -> {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO lease_sessions"
                            + " (lease_id, id, node, client, opened_at) VALUES (?, ?, ?, ?, ?)")) {
                        insert.setString(1, session.leaseId());
                        insert.setString(2, session.id());
                        insert.setString(3, session.node());
                        insert.setString(4, session.client());
                        insert.setObject(5, timestamp(session.openedAt().truncatedTo(ChronoUnit.MICROS)));
                        insert.executeUpdate();
                    } catch (SQLException e) {
                        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                            throw new LeaseStoreException("lease " + updated.id() + " already has a session "
                                    + session.id());
                        }
                        throw e;
                    }
                    return null;
                });
    }

    @Override
    public void closeSession(Lease updated, long expectedVersion, String sessionId, Instant closedAt) {
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(closedAt, "closedAt");
        checkNextVersion(updated, expectedVersion);
        checkPrecision(updated);
        write("close session " + sessionId + " of lease " + updated.id(), updated, expectedVersion,
                Optional.empty(), connection -> {
                    try (PreparedStatement close = connection.prepareStatement("UPDATE lease_sessions"
                            + " SET closed_at = ? WHERE lease_id = ? AND id = ? AND closed_at IS NULL")) {
                        close.setObject(1, timestamp(closedAt.truncatedTo(ChronoUnit.MICROS)));
                        close.setString(2, updated.id());
                        close.setString(3, sessionId);
                        if (close.executeUpdate() == 0) {
                            throw new LeaseStoreException("lease " + updated.id() + " has no open session "
                                    + sessionId);
                        }
                    }
                    return null;
                });
    }

    @Override
    public List<LeaseSession> sessions(String leaseId) {
        Objects.requireNonNull(leaseId, "leaseId");
        return inTransaction("read the sessions of lease " + leaseId, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id, node, client, opened_at,"
                    + " closed_at FROM lease_sessions WHERE lease_id = ? ORDER BY opened_at, id")) {
                select.setString(1, leaseId);
                List<LeaseSession> sessions = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        sessions.add(new LeaseSession(rows.getString("id"), leaseId, rows.getString("node"),
                                rows.getString("client"), instant(rows, "opened_at").orElseThrow(),
                                instant(rows, "closed_at")));
                    }
                }
                return sessions;
            }
        });
    }

    @Override
    public Map<LeaseState, Long> countByState() {
        return inTransaction("count leases by state", connection -> {
            Map<LeaseState, Long> counts = new EnumMap<>(LeaseState.class);
            for (LeaseState state : LeaseState.values()) {
                counts.put(state, 0L);
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT state, COUNT(*) FROM leases GROUP BY state");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(LeaseState.valueOf(rows.getString(1)), rows.getLong(2));
                }
            }
            return counts;
        });
    }

    // --- reading -------------------------------------------------------------------------------------------------

    private List<Lease> query(String what, String selection, String order, List<?> parameters) {
        return inTransaction(what, connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT_JOINED.formatted(selection, order))) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                List<Lease> leases = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    LeaseRows current = null;
                    while (rows.next()) {
                        String id = rows.getString("id");
                        if (current == null || !current.id.equals(id)) {
                            if (current != null) {
                                leases.add(current.toLease());
                            }
                            current = new LeaseRows(rows);
                        }
                        current.addApproval(rows);
                    }
                    if (current != null) {
                        leases.add(current.toLease());
                    }
                }
                return leases;
            }
        });
    }

    /** One lease's row, and its approvals from the joined rows that follow it. */
    private static final class LeaseRows {
        final String id;
        final long version;
        final LeaseState state;
        final Optional<EndReason> endReason;
        final String purpose;
        final String target;
        final Principal requester;
        final Duration ttl;
        final String reason;
        final String requestHash;
        final ApprovalRule approvalRule;
        final int maxSessions;
        final Instant createdAt;
        final Instant pendingDeadline;
        final Optional<Instant> approvedAt;
        final Optional<Instant> expiresAt;
        final boolean credentialIssued;
        final int openSessions;
        final Optional<Ending> ending;
        final List<Approval> approvals = new ArrayList<>();

        LeaseRows(ResultSet rows) throws SQLException {
            id = rows.getString("id");
            version = rows.getLong("version");
            state = LeaseState.valueOf(rows.getString("state"));
            endReason = Optional.ofNullable(rows.getString("end_reason")).map(EndReason::valueOf);
            purpose = rows.getString("purpose");
            target = rows.getString("target");
            requester = new Principal(rows.getString("requester_issuer"), rows.getString("requester_subject"),
                    strings(rows.getString("requester_groups")), stringMap(rows.getString("requester_claims")));
            ttl = Duration.ofSeconds(rows.getLong("ttl_seconds"));
            reason = rows.getString("reason");
            requestHash = rows.getString("request_hash");
            approvalRule = new ApprovalRule(rows.getInt("approvals_required"),
                    strings(rows.getString("approval_groups")));
            maxSessions = rows.getInt("max_sessions");
            createdAt = instant(rows, "created_at").orElseThrow();
            pendingDeadline = instant(rows, "pending_deadline").orElseThrow();
            approvedAt = instant(rows, "approved_at");
            expiresAt = instant(rows, "expires_at");
            credentialIssued = rows.getBoolean("credential_issued");
            openSessions = rows.getInt("open_sessions");
            Optional<Instant> endedAt = instant(rows, "ended_at");
            String byIssuer = rows.getString("ended_by_issuer");
            Optional<Principal> by = byIssuer == null ? Optional.empty() : Optional.of(new Principal(byIssuer,
                    rows.getString("ended_by_subject"), strings(rows.getString("ended_by_groups")),
                    stringMap(rows.getString("ended_by_claims"))));
            Optional<String> endingReason = Optional.ofNullable(rows.getString("ending_reason"));
            ending = endedAt.map(at -> new Ending(at, by, endingReason));
        }

        void addApproval(ResultSet rows) throws SQLException {
            String issuer = rows.getString("approver_issuer");
            if (issuer == null) {
                return; // the lease has no approval: the LEFT JOIN's empty side
            }
            Principal approver = new Principal(issuer, rows.getString("approver_subject"),
                    strings(rows.getString("approver_groups")), stringMap(rows.getString("approver_claims")));
            approvals.add(new Approval(approver, Optional.ofNullable(rows.getString("approval_reason")),
                    rows.getString("approval_request_hash"), instant(rows, "approval_at").orElseThrow()));
        }

        Lease toLease() {
            try {
                return new Lease(id, version, state, endReason, purpose, target, requester, ttl, reason, requestHash,
                        approvalRule, maxSessions, createdAt, pendingDeadline, approvals, approvedAt, expiresAt,
                        credentialIssued, openSessions, ending);
            } catch (IllegalArgumentException e) {
                throw new LeaseStoreException("the stored lease " + id + " v" + version + " is not a valid lease: "
                        + e.getMessage(), e);
            }
        }
    }

    private Optional<Long> currentVersion(String leaseId) {
        return inTransaction("read the version of lease " + leaseId, connection -> storedVersion(connection, leaseId));
    }

    private static Optional<Long> storedVersion(Connection connection, String leaseId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT version FROM leases WHERE id = ?")) {
            select.setString(1, leaseId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        }
    }

    // --- plumbing ------------------------------------------------------------------------------------------------

    private <T> T inTransaction(String what, JdbcTransactions.Work<T> work) {
        try {
            return JdbcTransactions.inTransaction(dataSource, work);
        } catch (SQLException e) {
            throw new LeaseStoreException("lease store (" + description + "): cannot " + what + ": SQLState "
                    + e.getSQLState() + ", error " + e.getErrorCode(), e);
        }
    }

    private static void checkNextVersion(Lease lease, long expectedVersion) {
        if (lease.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("lease " + lease.id() + " v" + lease.version()
                    + " cannot replace version " + expectedVersion + ": a new version is exactly one higher");
        }
    }

    /** Refuses instants finer than a microsecond, which the columns would round. */
    private static void checkPrecision(Lease lease) {
        List<Instant> instants = new ArrayList<>(List.of(lease.createdAt(), lease.pendingDeadline()));
        lease.approvedAt().ifPresent(instants::add);
        lease.expiresAt().ifPresent(instants::add);
        lease.ending().map(Ending::at).ifPresent(instants::add);
        lease.approvals().forEach(a -> instants.add(a.at()));
        for (Instant instant : instants) {
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw new IllegalArgumentException("lease " + lease.id() + " has an instant outside the years 1 to 9999 ("
                        + instant + ")");
            }
            if (instant.getNano() % 1000 != 0) {
                throw new IllegalArgumentException("lease " + lease.id() + " has an instant finer than a microsecond ("
                        + instant + "); the store keeps microseconds, truncate it first");
            }
        }
    }

    /**
     * {@code now} as a parameter to compare with stored deadlines: truncated to microseconds (a deadline is due when
     * {@code now >= deadline}, and deadlines are whole microseconds, so truncating keeps the answer while a driver's
     * rounding would not) and clamped to the years the columns hold.
     */
    private static Instant comparable(Instant now) {
        Instant truncated = now.truncatedTo(ChronoUnit.MICROS);
        return truncated.isBefore(EARLIEST) ? EARLIEST : truncated.isAfter(LATEST) ? LATEST : truncated;
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static void setTimestamp(PreparedStatement statement, int index, Optional<Instant> instant)
            throws SQLException {
        if (instant.isPresent()) {
            statement.setObject(index, timestamp(instant.get()));
        } else {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    private static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
        return Optional.ofNullable(rows.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static Set<String> strings(String json) {
        try {
            return new TreeSet<>(JSON.readValue(json, STRINGS));
        } catch (JsonProcessingException e) {
            throw new LeaseStoreException("a stored list of strings is not valid JSON", e);
        }
    }

    private static Map<String, String> stringMap(String json) {
        try {
            return JSON.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new LeaseStoreException("a stored object of strings is not valid JSON", e);
        }
    }
}
