package dev.phiguard.broker.events;

import dev.phiguard.broker.lease.LeaseIds;
import dev.phiguard.broker.lease.LeaseState;
import java.util.Objects;

/**
 * A lease reached a new version: what a change feed carries. It holds no secret and nothing beyond what a
 * subscriber needs to decide whether to re-read the lease.
 *
 * @param leaseId the lease
 * @param version its new version
 * @param state   its state at that version
 */
public record LeaseChange(String leaseId, long version, LeaseState state) {

    public LeaseChange {
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(state, "state");
        if (!LeaseIds.isValid(leaseId)) {
            throw new IllegalArgumentException("not a lease id");
        }
        if (version < 1) {
            throw new IllegalArgumentException("a lease version is at least 1, got " + version);
        }
    }
}
