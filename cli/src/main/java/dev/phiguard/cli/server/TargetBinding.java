package dev.phiguard.cli.server;

import dev.phiguard.proxy.config.Target;
import dev.phiguard.proxy.port.UpstreamCredentials;
import java.util.Objects;

/**
 * One database target as a node serves it: where the proxy connects, how it logs in upstream, and how the node
 * reads the target's catalog for the SQL analysis.
 *
 * @param target    the proxy's view of the target
 * @param upstream  the login the proxy uses for each session
 * @param catalog   a connection for reading the target's tables, columns and views
 */
public record TargetBinding(Target target, UpstreamCredentials upstream, RefreshingCatalog.Connector catalog) {
    public TargetBinding {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(catalog, "catalog");
    }

    public String name() {
        return target.name();
    }
}
