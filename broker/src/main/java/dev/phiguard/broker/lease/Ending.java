package dev.phiguard.broker.lease;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a lease reached a terminal state ({@link LeaseState#isTerminal()}).
 *
 * @param at     when
 * @param by     who ended it: the reviewer who denied, whoever revoked; empty when a deadline or the session's end
 *               ended it, or the requester completed it
 * @param reason the reason given: required for a denial, optional for a revocation, empty otherwise
 */
public record Ending(Instant at, Optional<Principal> by, Optional<String> reason) {
    public Ending {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(reason, "reason");
    }
}
