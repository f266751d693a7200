package dev.phiguard.broker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.broker.store.JdbcLeaseStore;
import dev.phiguard.sampledata.EmbeddedTarget;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The audit log contract on a real PostgreSQL (the embedded target's server), one fresh database per test, migrated
 * by opening the shared lease store on it. The concurrency test's logs each have their own {@link AuditLog}, as
 * separate nodes would.
 */
class AuditLogPostgresIT extends AuditLogContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedTarget server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedTarget.builder().patients(0).start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected DataSource freshDatabase() throws Exception {
        String name = "audit_log_" + DATABASES.incrementAndGet();
        try (Connection connection = server.superuserConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {server.host()});
        source.setPortNumbers(new int[] {server.port()});
        source.setDatabaseName(name);
        source.setUser(EmbeddedTarget.SUPERUSER);
        source.setPassword(server.superuserPassword());
        JdbcLeaseStore.shared(source).close();
        return source;
    }

    @Test
    void theMigrationsRanInOrderOnAFreshDatabase() throws Exception {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT version FROM " + JdbcLeaseStore.HISTORY_TABLE
                     + " WHERE success ORDER BY installed_rank")) {
            java.util.List<String> versions = new java.util.ArrayList<>();
            while (rows.next()) {
                versions.add(rows.getString(1));
            }
            assertThat(versions).endsWith("3").startsWith("1");
        }
    }
}
