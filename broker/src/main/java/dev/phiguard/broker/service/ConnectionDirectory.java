package dev.phiguard.broker.service;

import java.util.Optional;

/**
 * Where the proxy serves each target: given to the {@link LeaseService} by whoever assembles broker and proxy
 * (the CLI's server), so the credential answer can say where to connect.
 */
@FunctionalInterface
public interface ConnectionDirectory {

    /** The proxy's address for a policy's {@code lease.target}, or empty when this node serves no such target. */
    Optional<ConnectionInfo> forTarget(String target);
}
