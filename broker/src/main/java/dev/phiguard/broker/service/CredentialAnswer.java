package dev.phiguard.broker.service;

import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.MintedCredential;
import java.util.Objects;

/**
 * The one answer that carries a lease's plaintext password: the lease after the fetch, the credential and where to
 * use it. Write it to the requester, then {@link #close()} it to wipe the password. {@link #toString()} shows no
 * secret.
 *
 * @param lease      the lease after {@code CredentialIssued}
 * @param credential the user name (the lease id) and password; its verifier is already stored
 * @param connection where to connect
 */
public record CredentialAnswer(Lease lease, MintedCredential credential, ConnectionInfo connection)
        implements AutoCloseable {

    public CredentialAnswer {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(connection, "connection");
    }

    /** Wipes the password. */
    @Override
    public void close() {
        credential.close();
    }

    @Override
    public String toString() {
        return "CredentialAnswer[lease=" + lease.id() + ", user=" + credential.userName() + ", password=<redacted>, "
                + connection + "]";
    }
}
