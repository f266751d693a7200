package dev.phiguard.broker.lease;

/** Why a granted lease {@linkplain LeaseState#ENDED ended}. */
public enum EndReason {
    /** Its time to live ran out. */
    EXPIRED,
    /** Someone revoked it by hand. */
    REVOKED,
    /** The requester said it is done, or its only session closed under a one-session policy. */
    COMPLETED
}
