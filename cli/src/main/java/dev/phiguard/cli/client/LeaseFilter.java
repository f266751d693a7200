package dev.phiguard.cli.client;

import java.util.Optional;

/** The query of {@code GET /v1/leases}; an empty part is not sent. */
public record LeaseFilter(Optional<LeaseState> state, Optional<String> purpose, Optional<String> requester, int limit) {
    public LeaseFilter {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }

    /** Every lease, up to the 100 newest. */
    public static LeaseFilter all() {
        return new LeaseFilter(Optional.empty(), Optional.empty(), Optional.empty(), 100);
    }
}
