package dev.phiguard.broker.lease;

/**
 * A second fetch of a lease's credential: the plaintext is shown once and never again (a new lease is needed).
 * Its {@link #refusal()} is {@link Refusal#CREDENTIAL_ALREADY_FETCHED}.
 */
public final class CredentialAlreadyFetchedException extends IllegalTransitionException {

    CredentialAlreadyFetchedException(Lease lease, LeaseEvent event) {
        super(lease, event, Refusal.CREDENTIAL_ALREADY_FETCHED,
                "its credential was already fetched and is shown only once; request a new lease");
    }
}
