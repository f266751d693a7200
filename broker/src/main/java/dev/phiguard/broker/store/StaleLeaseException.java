package dev.phiguard.broker.store;

import java.util.Optional;

/**
 * An optimistic-concurrency conflict: the caller's lease was read at {@link #expectedVersion()}, but the store holds
 * another version now ({@link #storedVersion()}), or no such lease. Nothing was changed; the caller re-reads the
 * lease, re-applies its event and tries again (or reports the conflict).
 */
public final class StaleLeaseException extends LeaseStoreException {

    private final String leaseId;
    private final long expectedVersion;
    private final transient Optional<Long> storedVersion;

    public StaleLeaseException(String leaseId, long expectedVersion, Optional<Long> storedVersion, String detail) {
        super("lease " + leaseId + " was changed concurrently: expected version " + expectedVersion + ", the store "
                + storedVersion.map(v -> "holds version " + v).orElse("holds no such lease")
                + (detail.isEmpty() ? "" : " (" + detail + ")") + "; re-read it and try again");
        this.leaseId = leaseId;
        this.expectedVersion = expectedVersion;
        this.storedVersion = storedVersion;
    }

    public String leaseId() {
        return leaseId;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version the store holds now; empty when it holds no lease with that id. */
    public Optional<Long> storedVersion() {
        return storedVersion;
    }
}
