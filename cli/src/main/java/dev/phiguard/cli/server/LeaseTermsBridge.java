package dev.phiguard.cli.server;

import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.secrets.LeaseTerms;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease terms an {@code ephemeral_role} target needs (end, purpose, session limit), looked up in the node's lease
 * service. The bindings are built from the configuration before the node has a lease service, so the lookup is
 * connected later with {@link #bind}; until then every lookup is empty (a login is refused as "not live") and one
 * warning says why.
 */
final class LeaseTermsBridge implements LeaseTerms.Lookup {

    private static final Logger log = LoggerFactory.getLogger(LeaseTermsBridge.class);

    private final String target;
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile LeaseTerms.Lookup terms;

    LeaseTermsBridge(String target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /** Connects the lookup (the node's leases through {@link #termsOf}). */
    void bind(LeaseTerms.Lookup terms) {
        this.terms = Objects.requireNonNull(terms, "terms");
    }

    @Override
    public Optional<LeaseTerms> find(String leaseId) {
        LeaseTerms.Lookup current = terms;
        if (current == null) {
            if (warned.compareAndSet(false, true)) {
                log.warn("target '{}': per-lease roles cannot be made yet: the node has not connected its leases",
                        target);
            }
            return Optional.empty();
        }
        return current.find(leaseId);
    }

    /** The terms of a lease that still lives and has an end; empty otherwise. */
    static Optional<LeaseTerms> termsOf(Lease lease) {
        if (lease.state().isTerminal()) {
            return Optional.empty();
        }
        return lease.expiresAt().map(end -> new LeaseTerms(end, lease.purpose(), lease.maxSessions()));
    }
}
