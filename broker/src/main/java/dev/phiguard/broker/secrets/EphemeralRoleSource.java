package dev.phiguard.broker.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A per-lease role: created at the lease's first session (all its sessions share it), dropped when the lease ends.
 * The lease's end, purpose and session limit come from {@link LeaseTerms.Lookup}.
 */
final class EphemeralRoleSource implements SecretSource {

    private static final Logger LOG = LoggerFactory.getLogger(EphemeralRoleSource.class);

    private final String target;
    private final CredentialSource.EphemeralRole config;
    private final EphemeralRoles roles;
    private final SecretSource adminSource;
    private final LeaseTerms.Lookup terms;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    EphemeralRoleSource(String target, CredentialSource.EphemeralRole config, EphemeralRoles roles,
                        SecretSource adminSource, LeaseTerms.Lookup terms) {
        this.target = Objects.requireNonNull(target, "target");
        this.config = Objects.requireNonNull(config, "config");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.adminSource = Objects.requireNonNull(adminSource, "adminSource");
        this.terms = Objects.requireNonNull(terms, "terms");
    }

    @Override
    public UpstreamSecret acquire(String leaseId) {
        Slot slot = slots.computeIfAbsent(leaseId, id -> new Slot());
        synchronized (slot) {
            if (slot.released) {
                throw new UpstreamSecretException(target, UpstreamSecretException.Reason.UNKNOWN_LEASE,
                        "lease " + leaseId + " has ended");
            }
            if (slot.secret == null) {
                try {
                    LeaseTerms lease = terms.find(leaseId).orElseThrow(() -> new UpstreamSecretException(target,
                            UpstreamSecretException.Reason.UNKNOWN_LEASE, "lease " + leaseId + " is not live"));
                    slot.secret = roles.create(leaseId, lease.endsAt(), config.readRoleFor(lease.purpose()),
                            lease.maxSessions());
                } catch (RuntimeException e) {
                    slots.remove(leaseId, slot);
                    throw e;
                }
            }
            return slot.secret.copy();
        }
    }

    @Override
    public void release(String leaseId) {
        Slot slot = slots.remove(leaseId);
        if (slot == null) {
            return;
        }
        synchronized (slot) {
            slot.released = true;
            if (slot.secret == null) {
                return;
            }
            slot.secret.close();
            try {
                roles.drop(leaseId);
            } catch (UpstreamSecretException e) {
                LOG.warn("{}; it expires at the lease's end and is dropped by the next cleanup", e.getMessage());
            }
        }
    }

    @Override
    public void invalidate() {
        adminSource.invalidate();
    }

    /** Drops the leftover roles of leases that are not live. */
    List<String> cleanupLeftovers(Predicate<String> isLive) {
        return roles.cleanupLeftovers(isLive);
    }

    /** Drops the roles made by this process: its sessions end with it. */
    @Override
    public void close() {
        for (String leaseId : new ArrayList<>(slots.keySet())) {
            release(leaseId);
        }
        adminSource.close();
    }

    /** What one lease holds; guarded by its own monitor. */
    private static final class Slot {
        private UpstreamSecret secret;
        private boolean released;
    }
}
