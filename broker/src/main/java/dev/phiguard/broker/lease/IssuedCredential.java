package dev.phiguard.broker.lease;

import java.util.Objects;

/**
 * The outcome of a credential fetch ({@link CredentialMinter#issue}): the lease that records the fetch, and the
 * credential. The caller stores both together (the lease under optimistic concurrency, the verifier beside it),
 * and only then hands out the password, once. {@link #toString()} reveals no password and no verifier.
 *
 * @param lease      the lease after {@link LeaseEvent.CredentialIssued}
 * @param credential the minted credential
 */
public record IssuedCredential(Lease lease, MintedCredential credential) implements AutoCloseable {

    public IssuedCredential {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(credential, "credential");
    }

    /** Wipes the password. */
    @Override
    public void close() {
        credential.close();
    }

    @Override
    public String toString() {
        return "IssuedCredential[lease=" + lease.id() + " v" + lease.version() + ", credential=" + credential + "]";
    }
}
