package dev.phiguard.cli.server;

import dev.phiguard.proxy.config.Target;
import dev.phiguard.proxy.port.UpstreamCredentials;
import java.util.Objects;

/**
 * One database target as a node serves it: where the proxy connects, how it logs in upstream, how the node reads
 * the target's catalog for the SQL analysis, and what must happen upstream when one of its leases ends (a per-lease
 * role is dropped, a Vault lease revoked).
 *
 * @param target      the proxy's view of the target
 * @param upstream    the login the proxy uses for each session
 * @param catalog     a connection for reading the target's tables, columns and views
 * @param lifecycle   told when a lease of this target ends; closed when the node stops
 */
public record TargetBinding(Target target, UpstreamCredentials upstream, RefreshingCatalog.Connector catalog,
                            UpstreamLifecycle lifecycle) {
    public TargetBinding {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(lifecycle, "lifecycle");
    }

    /** A target whose upstream login needs nothing at lease end (a static login). */
    public TargetBinding(Target target, UpstreamCredentials upstream, RefreshingCatalog.Connector catalog) {
        this(target, upstream, catalog, UpstreamLifecycle.NONE);
    }

    /**
     * The upstream side of a lease's life: called by the node (on the thread of the change feed) when a lease of
     * the target is over, and closed when the node stops. Must not throw; failures are logged by the implementation.
     */
    public interface UpstreamLifecycle extends AutoCloseable {
        UpstreamLifecycle NONE = new UpstreamLifecycle() { };

        /** Leases that are not live any more (at node start: clean up what a crash left). */
        default void start(java.util.function.Predicate<String> leaseIsLive) {
        }

        default void leaseEnded(String leaseId) {
        }

        @Override
        default void close() {
        }
    }

    public String name() {
        return target.name();
    }
}
