package dev.phiguard.cli.server;

import dev.phiguard.policies.sql.CachingAnalyzer;
import dev.phiguard.policies.sql.Catalog;
import dev.phiguard.policies.sql.StaticCatalog;
import dev.phiguard.policies.sql.TableRef;
import dev.phiguard.policies.sql.TableShape;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target's catalog as the SQL analysis sees it, re-read periodically: when a migration adds a column or
 * changes a view, the new shape replaces the old one and the analysis cache is dropped, so {@code SELECT *}
 * and views resolve against what the server really has. A failed refresh keeps the last good catalog.
 */
public final class RefreshingCatalog implements Catalog, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RefreshingCatalog.class);

    /** Opens a connection to the target with the credential phiguard reads the catalog with. */
    @FunctionalInterface
    public interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final AtomicReference<StaticCatalog> current;
    private final ScheduledExecutorService timer;
    private volatile CachingAnalyzer analyzer;

    private RefreshingCatalog(Connector connector, StaticCatalog first, Duration period) {
        this.connector = connector;
        this.current = new AtomicReference<>(first);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "phiguard-catalog-refresh");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads the catalog once (failing if it cannot) and then every {@code period}. */
    public static RefreshingCatalog start(Connector connector, Duration period) throws SQLException {
        try (Connection c = connector.connect()) {
            return new RefreshingCatalog(connector, TargetCatalog.read(c), period);
        }
    }

    /** The analysis cache to drop whenever the catalog changes. */
    public void invalidates(CachingAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** Re-reads the catalog now; returns whether it changed. */
    boolean refresh() {
        StaticCatalog fresh;
        try (Connection c = connector.connect()) {
            fresh = TargetCatalog.read(c);
        } catch (SQLException | RuntimeException e) {
            log.warn("could not refresh the target's catalog (keeping the last one): {}", e.getMessage());
            return false;
        }
        if (fresh.equals(current.get())) {
            return false;
        }
        current.set(fresh);
        CachingAnalyzer cache = analyzer;
        if (cache != null) {
            cache.invalidateAll();
        }
        log.info("the target's catalog changed; statements are analysed against the new one");
        return true;
    }

    @Override
    public Optional<TableShape> table(TableRef table) {
        return current.get().table(table);
    }

    @Override
    public Optional<String> viewDefinition(TableRef view) {
        return current.get().viewDefinition(view);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
