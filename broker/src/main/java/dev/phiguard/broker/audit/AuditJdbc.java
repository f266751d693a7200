package dev.phiguard.broker.audit;

import dev.phiguard.broker.store.JdbcTransactions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The JDBC plumbing the audit classes share: one transaction at READ COMMITTED per unit of work, rolled back on any
 * failure, and failures turned into {@link AuditStoreException}s that name the operation, not the data.
 */
final class AuditJdbc {

    /** Rows fetched per round trip when streaming (PostgreSQL streams only with auto-commit off). */
    static final int FETCH_SIZE = 500;

    private final DataSource dataSource;

    AuditJdbc(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    <T> T inTransaction(String what, JdbcTransactions.Work<T> work) {
        try {
            return JdbcTransactions.inTransaction(dataSource, work);
        } catch (SQLException e) {
            throw new AuditStoreException("audit log: cannot " + what + ": SQLState " + e.getSQLState() + ", error "
                    + e.getErrorCode(), e);
        }
    }

    /** Fails with a clear message when the audit tables do not exist (the store's migrations have not run). */
    void checkSchema() {
        inTransaction("find its tables", connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT seq FROM audit_chain_head WHERE id = 1")) {
                if (!rows.next()) {
                    throw new AuditStoreException("audit log: the chain head row is missing from audit_chain_head;"
                            + " the table was tampered with or not created by the V3 migration");
                }
                return null;
            } catch (SQLException e) {
                throw new AuditStoreException("audit log: its tables are missing or unreadable (SQLState "
                        + e.getSQLState() + "); open the lease store first, its migrations create them", e);
            }
        });
    }

    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rows, String column) throws SQLException {
        return rows.getObject(column, OffsetDateTime.class).toInstant();
    }
}
