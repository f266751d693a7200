package dev.phiguard.broker.store;

import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseDeadlines;
import dev.phiguard.broker.lease.LeaseState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where leases live between requests and across restarts: every lease with its approvals, its deadlines and, beside
 * it, its credential's verifier. Leases are immutable values ({@link Lease}); the store keeps the newest version of
 * each and refuses to overwrite a version it no longer holds (optimistic concurrency), so two brokers, or two
 * threads of one, that both read version {@code n} cannot both write {@code n + 1}.
 *
 * <p>Every method is atomic: it changes everything it says or nothing. Errors of the database itself are
 * {@link LeaseStoreException}s.
 */
public interface LeaseStore extends AutoCloseable {

    /**
     * Stores a new lease (any state, normally version 1 from {@code LeaseRequests}).
     *
     * @throws LeaseStoreException if a lease with the same id exists; nothing is changed
     */
    void create(Lease lease);

    /** The newest version of the lease, or empty. */
    Optional<Lease> find(String leaseId);

    /** The leases that match the filter, newest ({@link Lease#createdAt()}) first, at most {@link LeaseFilter#limit()}. */
    List<Lease> list(LeaseFilter filter);

    /**
     * Replaces the stored lease of {@code newLease.id()} when the stored version is still {@code expectedVersion}.
     * {@code newLease.version()} must be {@code expectedVersion + 1}, as every transition produces.
     *
     * @throws StaleLeaseException if the stored version is no longer {@code expectedVersion}, or the lease is gone;
     *                             nothing is changed
     */
    void update(Lease newLease, long expectedVersion);

    /**
     * {@link #update} of the lease that records the credential fetch, and stores the credential's SCRAM verifier
     * beside it, in one transaction: either both are stored or neither.
     *
     * @param updated       the lease after {@code CredentialIssued} ({@code credentialIssued() == true})
     * @param scramVerifier {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}
     * @throws StaleLeaseException if the stored version is no longer {@code expectedVersion}, or the stored lease's
     *                             credential was already issued; nothing is changed
     */
    void issueCredential(Lease updated, long expectedVersion, String scramVerifier);

    /** The SCRAM verifier of the lease's credential, once it was issued. */
    Optional<String> verifier(String leaseId);

    /**
     * The leases whose {@linkplain LeaseDeadlines#nextDeadline next deadline} (pending deadline or expiry) is at or
     * before {@code now} and that are not terminal, earliest deadline first, at most {@code limit}. A restarted
     * broker calls this to fire every deadline that passed while it was down.
     */
    List<Lease> dueDeadlines(Instant now, int limit);

    /** The earliest deadline of any non-terminal lease, for a scheduler that sleeps until then. */
    Optional<Instant> earliestDeadline();

    /**
     * {@link #update} of the lease that counts a newly admitted session, and records the session, in one
     * transaction.
     *
     * @param updated the lease after {@code SessionOpened}
     * @param session the session, open, of {@code updated}
     * @throws StaleLeaseException if the stored version is no longer {@code expectedVersion}; nothing is changed
     */
    void openSession(Lease updated, long expectedVersion, LeaseSession session);

    /**
     * {@link #update} of the lease that counts a session down, and marks the session closed, in one transaction.
     *
     * @param updated the lease after {@code SessionClosed}
     * @throws StaleLeaseException if the stored version is no longer {@code expectedVersion}
     * @throws LeaseStoreException if the lease has no such open session; nothing is changed
     */
    void closeSession(Lease updated, long expectedVersion, String sessionId, Instant closedAt);

    /** The sessions of a lease, oldest first (empty for an unknown lease). */
    List<LeaseSession> sessions(String leaseId);

    /** How many leases are in each state (every state is a key, with 0 when none). */
    Map<LeaseState, Long> countByState();

    /** Releases the store's connections (for the embedded store: closes the database file). */
    @Override
    void close();
}
