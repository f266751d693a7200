package dev.phiguard.broker.lease;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The deadlines of a lease, for a scheduler. Deadlines are data on the lease ({@link Lease#pendingDeadline()},
 * {@link Lease#expiresAt()}), so a store that persists the lease persists them, and a restarted broker finds every
 * one again: on start it fires {@link #dueEvent} for every lease whose deadline has passed, then sleeps until the
 * earliest {@link #nextDeadline}. A deadline is due at its instant exactly (deadlines are exclusive: see
 * {@link LeaseTransitions}). Because a passed deadline makes the lease refuse every other event, a caller about to
 * apply an event (an approval, a revocation) first applies whatever {@link #dueEvent} returns, so the caller is told
 * "expired" rather than "refused".
 */
public final class LeaseDeadlines {

    private LeaseDeadlines() {
    }

    /** The next instant at which the lease changes by itself: the pending deadline, the expiry, or none. */
    public static Optional<Instant> nextDeadline(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        return switch (lease.state()) {
            case PENDING -> Optional.of(lease.pendingDeadline());
            case APPROVED, ACTIVE -> lease.expiresAt();
            case ENDED, DENIED, EXPIRED -> Optional.empty();
        };
    }

    /**
     * The event that is due at {@code now}: {@link LeaseEvent.PendingTimedOut} for a pending lease at or after its
     * pending deadline, {@link LeaseEvent.Expired} for a granted lease at or after its expiry; otherwise empty.
     * Applying the returned event to the same lease at the same {@code now} always succeeds.
     */
    public static Optional<LeaseEvent> dueEvent(Lease lease, Instant now) {
        Objects.requireNonNull(now, "now");
        return nextDeadline(lease)
                .filter(deadline -> !now.isBefore(deadline))
                .map(deadline -> lease.state() == LeaseState.PENDING
                        ? new LeaseEvent.PendingTimedOut()
                        : new LeaseEvent.Expired());
    }
}
