package dev.phiguard.broker.audit;

import dev.phiguard.broker.store.JdbcLeaseStore;
import java.nio.file.Path;
import org.h2.jdbcx.JdbcConnectionPool;

/** Embedded H2 databases for the audit tests, migrated the way the broker does it: by opening the lease store. */
final class H2Databases {

    private H2Databases() {
    }

    /** Opens (and closes) the lease store in {@code dataDirectory}, then a pool on the same database file. */
    static JdbcConnectionPool migrated(Path dataDirectory) {
        JdbcLeaseStore.embedded(dataDirectory).close();
        String url = "jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve(JdbcLeaseStore.EMBEDDED_FILE)
                + ";LOCK_TIMEOUT=10000";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "phiguard", "");
        pool.setMaxConnections(16);
        return pool;
    }
}
