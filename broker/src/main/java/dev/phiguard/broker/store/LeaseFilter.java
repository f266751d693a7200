package dev.phiguard.broker.store;

import dev.phiguard.broker.lease.LeaseState;
import java.util.Objects;
import java.util.Optional;

/**
 * Which leases {@link LeaseStore#list} returns; an empty criterion matches every lease.
 *
 * @param state            only leases in this state
 * @param purpose          only leases for this purpose
 * @param requesterSubject only leases whose requester has this subject
 * @param limit            at most this many, {@code 1..}{@value #MAX_LIMIT}
 */
public record LeaseFilter(Optional<LeaseState> state, Optional<String> purpose, Optional<String> requesterSubject,
                          int limit) {

    /** The largest page a list may ask for. */
    public static final int MAX_LIMIT = 1000;
    /** The page size of {@link #all()}. */
    public static final int DEFAULT_LIMIT = 100;

    public LeaseFilter {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(requesterSubject, "requesterSubject");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** Every lease, newest first, at most {@value #DEFAULT_LIMIT}. */
    public static LeaseFilter all() {
        return new LeaseFilter(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
    }

    public LeaseFilter withState(LeaseState value) {
        return new LeaseFilter(Optional.of(value), purpose, requesterSubject, limit);
    }

    public LeaseFilter withPurpose(String value) {
        return new LeaseFilter(state, Optional.of(value), requesterSubject, limit);
    }

    public LeaseFilter withRequesterSubject(String value) {
        return new LeaseFilter(state, purpose, Optional.of(value), limit);
    }

    public LeaseFilter withLimit(int value) {
        return new LeaseFilter(state, purpose, requesterSubject, value);
    }
}
