package dev.phiguard.broker.secrets;

import dev.phiguard.broker.lease.LeaseIds;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UpstreamSecrets} over one {@link SecretSource} per target, built from the configuration by {@link #builder()}.
 * Owns a small scheduled executor ({@value #THREADS} daemon threads, {@code phiguard-secrets-N}) on which every
 * Vault request, JDBC statement and renewal runs.
 */
public final class SecretsRegistry implements UpstreamSecrets {

    static final int THREADS = 2;
    /** How many ended lease ids are remembered, so that a late login for one is refused. */
    static final int ENDED_MEMORY = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(SecretsRegistry.class);

    private final Map<String, SecretSource> sources;
    private final VaultClient vault;
    private final ScheduledThreadPoolExecutor executor;
    private final Set<String> ended = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<String, Boolean>() {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > ENDED_MEMORY;
                }
            }));

    private SecretsRegistry(Map<String, SecretSource> sources, VaultClient vault, ScheduledThreadPoolExecutor executor) {
        this.sources = sources;
        this.vault = vault;
        this.executor = executor;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<UpstreamSecret> loginFor(String target, String leaseId) {
        SecretSource source = sources.get(target);
        if (source == null) {
            return CompletableFuture.failedFuture(new UpstreamSecretException(String.valueOf(target),
                    UpstreamSecretException.Reason.UNKNOWN_TARGET, "no credential source is configured"));
        }
        if (!LeaseIds.isValid(leaseId)) {
            return CompletableFuture.failedFuture(new UpstreamSecretException(target,
                    UpstreamSecretException.Reason.UNKNOWN_LEASE, "not a lease id"));
        }
        if (ended.contains(leaseId)) {
            return CompletableFuture.failedFuture(new UpstreamSecretException(target,
                    UpstreamSecretException.Reason.UNKNOWN_LEASE, "lease " + leaseId + " has ended"));
        }
        return submit(target, () -> source.acquire(leaseId));
    }

    @Override
    public void invalidate(String target) {
        SecretSource source = sources.get(target);
        if (source != null) {
            source.invalidate();
        }
    }

    @Override
    public CompletionStage<Void> leaseEnded(String leaseId) {
        ended.add(leaseId);
        return submit("*", () -> {
            sources.forEach((target, source) -> {
                try {
                    source.release(leaseId);
                } catch (RuntimeException e) {
                    LOG.warn("Target '{}': releasing {} failed: {}", target, leaseId, e.getMessage());
                }
            });
            return null;
        });
    }

    @Override
    public CompletionStage<List<String>> cleanupLeftovers(Predicate<String> isLive) {
        Objects.requireNonNull(isLive, "isLive");
        return submit("*", () -> {
            List<String> dropped = new ArrayList<>();
            UpstreamSecretException firstFailure = null;
            for (SecretSource source : sources.values()) {
                if (source instanceof EphemeralRoleSource roles) {
                    try {
                        dropped.addAll(roles.cleanupLeftovers(isLive));
                    } catch (UpstreamSecretException e) {
                        firstFailure = firstFailure == null ? e : firstFailure;
                    }
                }
            }
            if (firstFailure != null) {
                throw firstFailure;
            }
            return dropped;
        });
    }

    @Override
    public void close() {
        if (executor.isShutdown()) {
            return;
        }
        try {
            CompletableFuture.runAsync(() -> {
                sources.values().forEach(SecretSource::close);
                if (vault != null) {
                    vault.close();
                }
            }, executor).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Closing the upstream secrets did not finish cleanly ({})", e.getClass().getSimpleName());
        } finally {
            executor.shutdownNow();
        }
    }

    private <T> CompletableFuture<T> submit(String target, Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new UpstreamSecretException(target,
                    UpstreamSecretException.Reason.CLOSED, "the upstream secrets are closed"));
        }
    }

    /** Builds a registry: the targets, Vault's settings if any target uses Vault, and the lease terms lookup. */
    public static final class Builder {
        private final List<TargetSecretsConfig> targets = new ArrayList<>();
        private VaultSettings vaultSettings;
        private LeaseTerms.Lookup leaseTerms;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private Function<String, String> environment = System::getenv;

        private Builder() {
        }

        public Builder target(TargetSecretsConfig target) {
            targets.add(Objects.requireNonNull(target, "target"));
            return this;
        }

        public Builder vault(VaultSettings settings) {
            this.vaultSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Needed by targets with {@code ephemeral_role}. */
        public Builder leaseTerms(LeaseTerms.Lookup lookup) {
            this.leaseTerms = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Where {@code env} sources read variables; {@code System::getenv} by default. */
        public Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * Validates the combination, logs the development-source warnings, and starts the executor. Nothing is
         * contacted yet: Vault is logged in to at first use, so a Vault outage fails logins, not the start.
         *
         * @throws IllegalArgumentException naming the target when a source needs what is not configured
         */
        public SecretsRegistry build() {
            Map<String, SecretSource> built = new LinkedHashMap<>();
            ScheduledThreadPoolExecutor executor = newExecutor();
            VaultClient vault = needsVault() ? new VaultClient(requireVault(), executor) : null;
            try {
                for (TargetSecretsConfig target : targets) {
                    if (built.containsKey(target.name())) {
                        throw new IllegalArgumentException("target '" + target.name() + "' is configured twice");
                    }
                    built.put(target.name(), source(target, target.source(), vault, executor, "upstream login"));
                }
            } catch (RuntimeException e) {
                executor.shutdownNow();
                throw e;
            }
            return new SecretsRegistry(Map.copyOf(built), vault, executor);
        }

        private SecretSource source(TargetSecretsConfig target, CredentialSource source, VaultClient vault,
                                    ScheduledThreadPoolExecutor executor, String what) {
            String name = target.name();
            if (source instanceof CredentialSource.VaultKv kv) {
                return new VaultKvSource(name, kv, vault, clock);
            }
            if (source instanceof CredentialSource.VaultDatabase database) {
                return new VaultDatabaseSource(name, database, vault, executor);
            }
            if (source instanceof CredentialSource.EphemeralRole ephemeral) {
                if (leaseTerms == null) {
                    throw new IllegalArgumentException("target '" + name + "' uses ephemeral_role, which needs the"
                            + " lease terms lookup");
                }
                SecretSource admin = source(target, ephemeral.admin(), vault, executor, "administrative login");
                EphemeralRoles roles = new EphemeralRoles(name, new AdminConnector(target, admin),
                        ephemeral.rolePrefix(), random, clock);
                return new EphemeralRoleSource(name, ephemeral, roles, admin, leaseTerms);
            }
            LOG.warn("Target '{}' takes its {} from {} (development only: use Vault in production)", name, what,
                    source instanceof CredentialSource.Environment ? "environment variables" : "a file");
            return new StaticSecretSource(name, source, environment);
        }

        private boolean needsVault() {
            return targets.stream().map(TargetSecretsConfig::source).anyMatch(Builder::usesVault);
        }

        private static boolean usesVault(CredentialSource source) {
            return source instanceof CredentialSource.VaultKv || source instanceof CredentialSource.VaultDatabase
                    || source instanceof CredentialSource.EphemeralRole e && usesVault(e.admin());
        }

        private VaultSettings requireVault() {
            if (vaultSettings == null) {
                String names = targets.stream().filter(t -> usesVault(t.source())).map(TargetSecretsConfig::name)
                        .map(n -> "'" + n + "'").reduce((a, b) -> a + ", " + b).orElse("");
                throw new IllegalArgumentException("target " + names + " reads from Vault, but no vault: section"
                        + " is configured");
            }
            return vaultSettings;
        }

        private static ScheduledThreadPoolExecutor newExecutor() {
            AtomicInteger count = new AtomicInteger();
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(THREADS, runnable -> {
                Thread thread = new Thread(runnable, "phiguard-secrets-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }

    /** The sources by target, for tests. */
    Optional<SecretSource> source(String target) {
        return Optional.ofNullable(sources.get(target));
    }
}
