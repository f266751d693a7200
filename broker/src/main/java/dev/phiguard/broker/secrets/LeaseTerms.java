package dev.phiguard.broker.secrets;

import java.time.Instant;
import java.util.Objects;

/**
 * What a per-lease role needs to know about its lease: when it ends ({@code VALID UNTIL}), its purpose (which read
 * role it joins), and how many sessions it may open ({@code CONNECTION LIMIT}, the policy's {@code max_sessions}).
 *
 * @param endsAt      the lease's end
 * @param purpose     the lease's purpose
 * @param maxSessions the policy's {@code max_sessions}, at least 1
 */
public record LeaseTerms(Instant endsAt, String purpose, int maxSessions) {
    public LeaseTerms {
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(purpose, "purpose");
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, was " + maxSessions);
        }
    }

    /** Finds the terms of a live lease; empty when the lease is unknown or not active. */
    @FunctionalInterface
    public interface Lookup {
        java.util.Optional<LeaseTerms> find(String leaseId);
    }
}
