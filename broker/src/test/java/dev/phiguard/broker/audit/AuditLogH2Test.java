package dev.phiguard.broker.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.broker.store.JdbcLeaseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log contract on the embedded H2 database of a temporary data directory. */
class AuditLogH2Test extends AuditLogContract {

    @TempDir
    Path temp;
    private JdbcConnectionPool pool;

    @Override
    protected DataSource freshDatabase() {
        pool = H2Databases.migrated(temp.resolve("data"));
        return pool;
    }

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.dispose();
        }
    }

    @Override
    protected void scanStorage(List<String> rawKeys) {
        pool.dispose(); // closes the database, so the file holds everything
        pool = null;
        try {
            byte[] file = Files.readAllBytes(temp.resolve("data").resolve(JdbcLeaseStore.EMBEDDED_FILE + ".mv.db"));
            assertThat(file.length).isGreaterThan(0);
            for (String key : rawKeys) {
                assertThat(indexOf(file, key.getBytes(StandardCharsets.UTF_8))).as("raw key in the H2 file")
                        .isEqualTo(-1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void opensOnlyAMigratedDatabase() {
        JdbcConnectionPool empty = JdbcConnectionPool.create("jdbc:h2:mem:audit-empty", "sa", "");
        try {
            assertThatThrownBy(() -> AuditLog.open(empty))
                    .isInstanceOf(AuditStoreException.class)
                    .hasMessageContaining("open the lease store first");
        } finally {
            empty.dispose();
        }
    }
}
