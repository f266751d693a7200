package dev.phiguard.broker.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One unit of work in one JDBC transaction at READ COMMITTED: committed when the work returns, rolled back on any
 * failure (a failed rollback is attached as suppressed). Shared by the lease store and the audit log, which wrap the
 * {@link SQLException} into their own exception that names the operation, never the data.
 */
public final class JdbcTransactions {

    /** Work on a connection inside the transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private JdbcTransactions() {
    }

    /** Runs {@code work} in a transaction on a connection of {@code dataSource}. */
    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }
}
