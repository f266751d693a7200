package dev.phiguard.broker.secrets;

/**
 * One target's credential source at run time. Every method may block (network, JDBC) and is only called on the
 * secrets executor, never on a caller's thread. Implementations are thread-safe.
 */
interface SecretSource extends AutoCloseable {

    /**
     * The login for a session of {@code leaseId}: a copy that the caller wipes.
     *
     * @throws UpstreamSecretException naming the target and the cause
     */
    UpstreamSecret acquire(String leaseId);

    /** The lease has ended: give back whatever was made for it (Vault lease, per-lease role). */
    void release(String leaseId);

    /** Forget cached values: the next {@link #acquire} reads afresh (after a rotation, or a failed upstream login). */
    void invalidate();

    /** Releases everything still held. */
    @Override
    void close();
}
