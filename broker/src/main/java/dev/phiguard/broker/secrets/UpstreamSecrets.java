package dev.phiguard.broker.secrets;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The upstream logins of all targets: what the proxy's {@code UpstreamCredentials} port is adapted to (in the CLI's
 * server assembly). Every method returns at once; the work runs on the secrets' own small executor, never on the
 * caller's thread (an event loop must not block on Vault or JDBC).
 */
public interface UpstreamSecrets extends AutoCloseable {

    /**
     * The login for one session of {@code leaseId} on {@code target}: a fresh copy that the caller wipes (its
     * {@link UpstreamSecret#close()}) once the upstream login is done.
     *
     * @return a stage that completes with the login, or exceptionally with an {@link UpstreamSecretException}
     */
    CompletionStage<UpstreamSecret> loginFor(String target, String leaseId);

    /**
     * Forgets the target's cached login: call it when an upstream login with it failed (the secret was rotated), then
     * ask again.
     */
    void invalidate(String target);

    /** The lease has ended (revoked, expired or completed): its Vault leases are revoked, its roles dropped. */
    CompletionStage<Void> leaseEnded(String leaseId);

    /**
     * Drops the per-lease roles that an earlier process left behind, on every target with {@code ephemeral_role}.
     * Call it at start.
     *
     * @param isLive whether a lease id belongs to a lease that still lives
     * @return the lease ids whose roles were dropped
     */
    CompletionStage<List<String>> cleanupLeftovers(Predicate<String> isLive);

    /** Revokes and drops what this process made, then stops the executor. */
    @Override
    void close();
}
