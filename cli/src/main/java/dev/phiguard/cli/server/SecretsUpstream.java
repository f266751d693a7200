package dev.phiguard.cli.server;

import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseIds;
import dev.phiguard.broker.secrets.LeaseTerms;
import dev.phiguard.broker.secrets.UpstreamSecret;
import dev.phiguard.broker.secrets.UpstreamSecretException;
import dev.phiguard.broker.secrets.UpstreamSecrets;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.port.UpstreamCredentials;
import dev.phiguard.proxy.port.UpstreamLogin;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target's upstream side over the broker's {@link UpstreamSecrets} (Vault KV, Vault's database engine, a
 * per-lease role): the proxy's {@link UpstreamCredentials} port and the node's
 * {@link TargetBinding.UpstreamLifecycle}, plus the login the node reads the target's catalog with.
 *
 * <ul>
 *   <li>{@link #loginFor}: the lease's login, mapped to the proxy's {@link UpstreamLogin}; the secret's own copy is
 *       wiped at once. A failure completes the stage with an {@link UpstreamSecretException} naming the target and
 *       the cause, never the secret.</li>
 *   <li>{@link #start}: drops the per-lease roles an earlier process left behind (waits for it, at most
 *       {@link #START_WAIT}); {@link #leaseEnded}: drops the lease's role or revokes its Vault lease;
 *       {@link #close}: revokes and drops what this process made.</li>
 *   <li>{@link #connectCatalog}: a JDBC connection under the catalog login ({@code vault_kv}: the target's login;
 *       {@code vault_database}: a dynamic login of the node's own, renewed and replaced when refused;
 *       {@code ephemeral_role}: its {@code catalog} login, else its {@code admin} login).</li>
 * </ul>
 */
public final class SecretsUpstream implements UpstreamCredentials, TargetBinding.UpstreamLifecycle {

    /** How long the start waits for the cleanup of leftover roles. */
    static final Duration START_WAIT = Duration.ofSeconds(60);
    /** How long a catalog read waits for its login. */
    static final Duration CATALOG_WAIT = Duration.ofSeconds(30);
    private static final String INVALID_PASSWORD = "28P01";
    private static final Logger log = LoggerFactory.getLogger(SecretsUpstream.class);

    private final String target;
    private final UpstreamSecrets secrets;
    private final String catalogTarget;
    private final Optional<LeaseTermsBridge> leaseTerms;
    private final SecureRandom random;
    private volatile String catalogLease;

    /**
     * @param target        the target's name, as the secrets know it
     * @param secrets       the secrets of this target (owned: closed with it)
     * @param catalogTarget the name under which the secrets hold the catalog login (may be {@code target})
     * @param leaseTerms    for {@code ephemeral_role}: where the lease's terms come from
     */
    SecretsUpstream(String target, UpstreamSecrets secrets, String catalogTarget,
                    Optional<LeaseTermsBridge> leaseTerms, SecureRandom random) {
        this.target = Objects.requireNonNull(target, "target");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.catalogTarget = Objects.requireNonNull(catalogTarget, "catalogTarget");
        this.leaseTerms = Objects.requireNonNull(leaseTerms, "leaseTerms");
        this.random = Objects.requireNonNull(random, "random");
        this.catalogLease = LeaseIds.next(random);
    }

    /**
     * Connects the node's leases, which per-lease roles need for their end, read role and session limit. The node
     * calls it once its lease service exists ({@code upstream.useLeases(leaseService::find)}); a no-op for other
     * sources.
     */
    public void useLeases(Function<String, Optional<Lease>> leases) {
        Objects.requireNonNull(leases, "leases");
        useLeaseTerms(leaseId -> leases.apply(leaseId).flatMap(LeaseTermsBridge::termsOf));
    }

    /** Connects the lease terms directly (tests, and nodes that keep leases elsewhere). */
    void useLeaseTerms(LeaseTerms.Lookup terms) {
        leaseTerms.ifPresent(bridge -> bridge.bind(terms));
    }

    @Override
    public CompletionStage<UpstreamLogin> loginFor(SessionInfo session) {
        return secrets.loginFor(target, session.leaseId()).handle((secret, error) -> {
            if (error != null) {
                throw failure(error);
            }
            try (secret) {
                char[] password = secret.password();
                try {
                    return new UpstreamLogin(secret.user(), password);
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
        });
    }

    @Override
    public void start(Predicate<String> leaseIsLive) {
        try {
            List<String> dropped = secrets.cleanupLeftovers(leaseIsLive).toCompletableFuture()
                    .get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (!dropped.isEmpty()) {
                log.info("target '{}': dropped the leftover per-lease roles of {} ended lease(s): {}", target,
                        dropped.size(), dropped);
            }
        } catch (ExecutionException e) {
            log.warn("target '{}': cleaning up leftover per-lease roles failed: {}", target,
                    failure(e.getCause()).getMessage());
        } catch (TimeoutException e) {
            log.warn("target '{}': cleaning up leftover per-lease roles did not finish within {}", target, START_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void leaseEnded(String leaseId) {
        secrets.leaseEnded(leaseId).whenComplete((done, error) -> {
            if (error != null) {
                log.warn("target '{}': releasing the upstream login of {} failed: {}", target, leaseId,
                        failure(error).getMessage());
            }
        });
    }

    @Override
    public void close() {
        secrets.close();
    }

    /**
     * A connection for reading the target's catalog. When the server refuses the login (28P01: rotated in Vault,
     * or the node's dynamic login expired), the cached login is dropped and a fresh one tried once.
     *
     * @throws SQLException with SQLSTATE 08001 and the target's name when no login could be obtained
     */
    Connection connectCatalog(String jdbcUrl) throws SQLException {
        try {
            return openCatalog(jdbcUrl);
        } catch (SQLException e) {
            if (!INVALID_PASSWORD.equals(e.getSQLState())) {
                throw e;
            }
            secrets.invalidate(catalogTarget);
            String old = catalogLease;
            catalogLease = LeaseIds.next(random);
            secrets.leaseEnded(old);
            return openCatalog(jdbcUrl);
        }
    }

    private Connection openCatalog(String jdbcUrl) throws SQLException {
        UpstreamSecret secret;
        try {
            secret = secrets.loginFor(catalogTarget, catalogLease).toCompletableFuture()
                    .get(CATALOG_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new SQLException("reading the catalog: " + failure(e.getCause()).getMessage(), "08001");
        } catch (TimeoutException e) {
            throw new SQLException("reading the catalog of target '" + target + "': no login within " + CATALOG_WAIT,
                    "08001");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("reading the catalog of target '" + target + "': interrupted", "08001");
        }
        try (secret) {
            Properties properties = new Properties();
            properties.setProperty("user", secret.user());
            char[] password = secret.password();
            try {
                properties.setProperty("password", new String(password));
            } finally {
                Arrays.fill(password, '\0');
            }
            properties.setProperty("ApplicationName", "phiguard-catalog");
            return DriverManager.getConnection(jdbcUrl, properties);
        }
    }

    /** The failure as a message-safe exception naming the target: the secrets' own, or a generic one. */
    private UpstreamSecretException failure(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof UpstreamSecretException known) {
            return known;
        }
        return new UpstreamSecretException(target, UpstreamSecretException.Reason.VAULT_ERROR,
                "unexpected failure (" + cause.getClass().getSimpleName() + ")");
    }

    @Override
    public String toString() {
        return "SecretsUpstream[target=" + target + "]";
    }
}
