package dev.phiguard.broker.secrets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic credentials from Vault's database engine: one per lease (all sessions of a lease share it), renewed at two
 * thirds of its lease duration while our lease lives, and revoked in Vault when our lease ends, which makes Vault drop
 * the database user.
 */
final class VaultDatabaseSource implements SecretSource {

    private static final Logger LOG = LoggerFactory.getLogger(VaultDatabaseSource.class);
    /** Below this granted duration renewal stops: Vault's max TTL is reached. */
    static final Duration MIN_RENEWAL = Duration.ofSeconds(2);

    private final String target;
    private final CredentialSource.VaultDatabase config;
    private final VaultClient vault;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    VaultDatabaseSource(String target, CredentialSource.VaultDatabase config, VaultClient vault,
                        ScheduledExecutorService scheduler) {
        this.target = Objects.requireNonNull(target, "target");
        this.config = Objects.requireNonNull(config, "config");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
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
                    slot.secret = vault.databaseCredentials(config.mount(), config.role());
                } catch (VaultFailure failure) {
                    slots.remove(leaseId, slot);
                    throw failure.forTarget(target);
                }
                LOG.info("Target '{}': Vault issued database user {} for {}", target, slot.secret.user(), leaseId);
                scheduleRenewal(leaseId, slot, slot.secret.leaseDuration().orElseThrow());
            }
            return slot.secret.copy();
        }
    }

    @Override
    public void release(String leaseId) {
        Slot slot = slots.remove(leaseId);
        if (slot != null) {
            revoke(leaseId, slot);
        }
    }

    @Override
    public void invalidate() {
        // dynamic credentials are per lease and are not rotated underneath us
    }

    @Override
    public void close() {
        List<String> leases = new ArrayList<>(slots.keySet());
        for (String leaseId : leases) {
            release(leaseId);
        }
    }

    private void revoke(String leaseId, Slot slot) {
        synchronized (slot) {
            slot.released = true;
            if (slot.renewal != null) {
                slot.renewal.cancel(false);
            }
            if (slot.secret == null) {
                return;
            }
            try {
                vault.revokeLease(slot.secret.vaultLeaseId().orElseThrow());
                LOG.info("Target '{}': revoked Vault's lease of database user {} for {}", target, slot.secret.user(),
                        leaseId);
            } catch (VaultFailure failure) {
                LOG.warn("Target '{}': could not revoke Vault's lease for {} ({}); Vault ends it at its TTL", target,
                        leaseId, failure.getMessage());
            } finally {
                slot.secret.close();
            }
        }
    }

    private void scheduleRenewal(String leaseId, Slot slot, Duration duration) {
        if (duration.compareTo(MIN_RENEWAL) < 0) {
            LOG.warn("Target '{}': Vault's lease for {} cannot be renewed further (max TTL reached)", target, leaseId);
            return;
        }
        long delay = duration.toMillis() * 2 / 3;
        slot.renewal = scheduler.schedule(() -> renew(leaseId, slot, duration), delay, TimeUnit.MILLISECONDS);
    }

    private void renew(String leaseId, Slot slot, Duration asked) {
        synchronized (slot) {
            if (slot.released || slot.secret == null) {
                return;
            }
            try {
                Duration granted = vault.renewLease(slot.secret.vaultLeaseId().orElseThrow(), asked);
                LOG.debug("Target '{}': renewed Vault's lease for {} by {}", target, leaseId, granted);
                scheduleRenewal(leaseId, slot, granted.compareTo(asked) < 0 ? granted : asked);
            } catch (VaultFailure failure) {
                Duration retry = asked.dividedBy(6);
                LOG.warn("Target '{}': renewing Vault's lease for {} failed ({}); retrying in {}", target, leaseId,
                        failure.getMessage(), retry);
                slot.renewal = scheduler.schedule(() -> renew(leaseId, slot, asked), Math.max(1, retry.toMillis()),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    /** What one lease holds; guarded by its own monitor. */
    private static final class Slot {
        private UpstreamSecret secret;
        private ScheduledFuture<?> renewal;
        private boolean released;
    }
}
