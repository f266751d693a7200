package dev.phiguard.broker.service;

import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseEvent;
import dev.phiguard.broker.lease.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * A committed change of a lease, as the {@link LeaseEventListener} is told of it.
 *
 * @param before the lease before the event; empty for {@link LeaseEvent.Requested} (the lease was created)
 * @param after  the lease as stored now
 * @param event  what happened
 * @param actor  who made it happen; empty for what the broker did by itself (deadlines) or the proxy reported
 *               (sessions)
 */
public record LeaseTransition(Optional<Lease> before, Lease after, LeaseEvent event, Optional<Principal> actor) {

    public LeaseTransition {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(actor, "actor");
    }
}
