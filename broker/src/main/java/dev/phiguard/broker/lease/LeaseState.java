package dev.phiguard.broker.lease;

/**
 * Where a lease is in its lifecycle:
 * <pre>
 *   PENDING ──▶ APPROVED ──▶ ACTIVE ──▶ ENDED(expired | revoked | completed)
 *      │            └──────────────────▶ ENDED
 *      ├──▶ DENIED
 *      └──▶ EXPIRED   (nobody decided before the pending deadline)
 * </pre>
 * The transitions themselves are {@link LeaseTransitions#apply}; {@link LeaseTransitions#accepts} lists the events
 * each state accepts. The names are stable: the store persists them and the HTTP API shows them.
 */
public enum LeaseState {
    /** Requested, waiting for approvals. Deadline: {@link Lease#pendingDeadline()}. */
    PENDING,
    /** Granted; the credential may be fetched once; no session opened yet. Deadline: {@link Lease#expiresAt()}. */
    APPROVED,
    /** At least one proxy session has been opened. Deadline: {@link Lease#expiresAt()}. */
    ACTIVE,
    /** Over, for the {@link EndReason} of {@link Lease#endReason()}; live sessions are cut. Terminal. */
    ENDED,
    /** A reviewer refused the request. Terminal. */
    DENIED,
    /** The request timed out while pending; it was never granted. Terminal. */
    EXPIRED;

    /** Whether no further state change is possible (an {@code ENDED} lease still counts its closing sessions). */
    public boolean isTerminal() {
        return this == ENDED || this == DENIED || this == EXPIRED;
    }

    /** Whether the lease was granted and is not over: a credential may be used. */
    public boolean isGranted() {
        return this == APPROVED || this == ACTIVE;
    }
}
