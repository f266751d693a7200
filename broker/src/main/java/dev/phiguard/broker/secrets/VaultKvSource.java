package dev.phiguard.broker.secrets;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * A static login from Vault KV v2, shared by all leases of the target, cached in memory and read again after
 * {@link CredentialSource.VaultKv#refreshAfter()} or after {@link #invalidate()} (a rotation, or an upstream login
 * that failed with it). A failed re-read does not fall back to the old value: a rotated-away password is useless, and
 * the failure says why.
 */
final class VaultKvSource implements SecretSource {

    private final String target;
    private final CredentialSource.VaultKv config;
    private final VaultClient vault;
    private final Clock clock;
    private UpstreamSecret cached;
    private Instant readAt;

    VaultKvSource(String target, CredentialSource.VaultKv config, VaultClient vault, Clock clock) {
        this.target = Objects.requireNonNull(target, "target");
        this.config = Objects.requireNonNull(config, "config");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized UpstreamSecret acquire(String leaseId) {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(readAt.plus(config.refreshAfter()))) {
            UpstreamSecret fresh;
            try {
                fresh = vault.readKv(config.mount(), config.path(), config.usernameField(), config.passwordField());
            } catch (VaultFailure failure) {
                forget();
                throw failure.forTarget(target);
            }
            forget();
            cached = fresh;
            readAt = now;
        }
        return cached.copy();
    }

    @Override
    public void release(String leaseId) {
        // one login for all leases: nothing to give back
    }

    @Override
    public synchronized void invalidate() {
        forget();
    }

    @Override
    public synchronized void close() {
        forget();
    }

    private void forget() {
        if (cached != null) {
            cached.close();
            cached = null;
        }
    }
}
