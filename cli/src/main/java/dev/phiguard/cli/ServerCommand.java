package dev.phiguard.cli;

import dev.phiguard.policies.decision.PolicyEngine;
import dev.phiguard.policies.policy.PolicySet;
import dev.phiguard.policies.sql.AnalyzerSettings;
import dev.phiguard.policies.sql.CachingAnalyzer;
import dev.phiguard.policies.sql.SqlAnalyzer;
import dev.phiguard.proxy.ProxyServer;
import dev.phiguard.proxy.enforce.PolicyEnforcement;
import dev.phiguard.proxy.port.StatementApprovals;
import dev.phiguard.proxy.ProxyStartException;
import dev.phiguard.proxy.config.ClientTls;
import dev.phiguard.proxy.config.ProxyConfig;
import dev.phiguard.proxy.config.Target;
import dev.phiguard.proxy.port.InMemoryCredentials;
import dev.phiguard.proxy.port.ProxyPorts;
import dev.phiguard.proxy.port.UpstreamLogin;
import dev.phiguard.proxy.tls.DevelopmentCertificate;
import dev.phiguard.proxy.tls.TlsContexts;
import dev.phiguard.sampledata.EmbeddedTarget;
import dev.phiguard.sampledata.EmbeddedTargetException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code phiguard server}: the proxy on embedded defaults. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Runs phiguard. With no configuration it starts on embedded defaults: an embedded PostgreSQL 17",
            "target holding synthetic patients, the PostgreSQL proxy in front of it (TLS offered with a",
            "self-signed development certificate) enforcing the example policy of purpose study-42, and a",
            "development lease for that purpose whose credential is written to <data-dir>/dev-lease.env",
            "(mode 0600) - never printed, never logged.",
            "",
            "Stop it with Ctrl-C or SIGTERM: sessions are told the proxy is shutting down."
        })
final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".phiguard",
            description = "Where phiguard keeps its state: TLS certificate, development credential"
                    + " (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--proxy-listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:6432",
            converter = HostPort.class,
            description = "Address of the PostgreSQL proxy (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    InetSocketAddress proxyListen;

    @Option(names = "--patients", paramLabel = "N", defaultValue = "2000",
            description = "Synthetic patients in the embedded target (default: ${DEFAULT-VALUE}).")
    long patients;

    @Option(names = "--require-tls", description = "Refuse clients that do not use TLS.")
    boolean requireTls;

    @Option(names = "--policies", paramLabel = "DIR",
            description = "Folder of purpose policies (*.yaml, see docs/policy.md). Default: the bundled example"
                    + " policy for purpose study-42.")
    Path policiesDir;

    @Option(names = "--pass-through",
            description = "Relay without enforcing policies or masking (for measurements only: PHI leaves"
                    + " unmasked).")
    boolean passThrough;

    @Option(names = "--lease-ttl", paramLabel = "DURATION", defaultValue = "PT8H",
            converter = DurationConverter.class,
            description = "How long the development lease is valid, e.g. 30m, 8h (default: 8h).")
    Duration leaseTtl;

    @Option(names = "--target-env", paramLabel = "FILE",
            description = "Front an existing PostgreSQL instead of starting the embedded one: PGHOST, PGPORT, PGUSER,"
                    + " PGPASSWORD and PGDATABASE are read from FILE (mode 0600). For scripts/bench.")
    Path targetEnv;

    @Option(names = "--lease-max-sessions", paramLabel = "N", defaultValue = "16",
            description = "How many sessions the development lease may hold at once (default: ${DEFAULT-VALUE}).")
    int leaseMaxSessions;

    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(15);
    /** How often the target's catalog is re-read for the SQL analysis (migrations, new views). */
    private static final Duration CATALOG_REFRESH = Duration.ofSeconds(30);

    private RefreshingCatalog catalog;

    /** Released to stop the server (tests); otherwise the JVM's shutdown does. */
    final CountDownLatch stop = new CountDownLatch(1);
    /** Released once everything is closed. */
    final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (patients < 0) {
            throw new IllegalArgumentException("--patients must not be negative");
        }
        if (leaseMaxSessions < 1) {
            throw new IllegalArgumentException("--lease-max-sessions must be at least 1");
        }
        Files.createDirectories(dataDir);
        UpstreamDatabase database = targetEnv != null ? UpstreamDatabase.fromEnvFile(targetEnv) : startEmbedded(out);
        ProxyServer proxy = null;
        try {
            DevelopmentCertificate certificate = DevelopmentCertificate.loadOrCreate(dataDir.resolve("tls"));
            ClientTls tls = new ClientTls(TlsContexts.forClients(certificate.certificateFile(), certificate.keyFile()),
                    requireTls);
            Target target = new Target("clinic", database.host(), database.port(), database.database(),
                    Target.UpstreamTls.DISABLED);
            InMemoryCredentials leases = new InMemoryCredentials();
            DevelopmentLease lease = DevelopmentLease.issue(leases, target.name(), leaseTtl, leaseMaxSessions);
            ProxyPorts ports = ProxyPorts.passThrough(leases, session -> CompletableFuture.completedFuture(
                    new UpstreamLogin(database.user(), database.password().toCharArray())));
            if (!passThrough) {
                PolicyEnforcement enforcement = enforcement(database);
                ports = ports.withGate(enforcement).withRows(enforcement).withListener(enforcement);
            }
            try {
                proxy = ProxyServer.start(ProxyConfig.of(proxyListen, tls, Map.of(target.name(), target)), ports);
            } catch (ProxyStartException e) {
                throw new ExitCodes.UserFacingException(ExitCodes.FAILED, e.getMessage()
                        + " (choose another address with --proxy-listen)", e);
            }
            Path envFile = lease.writeEnvFile(dataDir, proxy.address(), database.database(), requireTls);
            printReady(out, proxy, envFile, lease, database);
            // Ctrl-C / SIGTERM: release the main thread and give it time to close sessions and the target.
            Thread hook = new Thread(() -> {
                stop.countDown();
                awaitQuietly(stopped, SHUTDOWN_GRACE);
            }, "phiguard-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            stop.await();
            out.println("phiguard: shutting down...");
            out.flush();
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.FAILED, "cannot use data directory " + dataDir + ": "
                    + e.getMessage(), e);
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            if (catalog != null) {
                catalog.close();
            }
            database.close();
            stopped.countDown();
        }
    }

    private UpstreamDatabase startEmbedded(PrintWriter out) {
        out.println("phiguard: starting the embedded PostgreSQL target with " + patients + " synthetic patients...");
        out.flush();
        try {
            return UpstreamDatabase.embedded(EmbeddedTarget.builder().patients(patients).start());
        } catch (EmbeddedTargetException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.FAILED,
                    "could not start the embedded PostgreSQL target: " + e.getMessage(), e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            latch.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private PolicyEnforcement enforcement(UpstreamDatabase database) throws IOException {
        PolicySet policies = PolicySources.load(policiesDir);
        try {
            catalog = RefreshingCatalog.start(() -> java.sql.DriverManager.getConnection(database.jdbcUrl(),
                    database.user(), database.password()), CATALOG_REFRESH);
        } catch (java.sql.SQLException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.FAILED, "cannot read the target's catalog: "
                    + e.getMessage(), e);
        }
        CachingAnalyzer analyzer = CachingAnalyzer.withDefaults(SqlAnalyzer.postgres(catalog, AnalyzerSettings.defaults()));
        catalog.invalidates(analyzer);
        List<PolicyEngine> engines = policies.policies().stream().map(p -> new PolicyEngine(p, analyzer)).toList();
        return new PolicyEnforcement(engines, MaskingKeyFile.loadOrCreate(dataDir), StatementApprovals.refuseAll(),
                Duration.ofMinutes(5));
    }

    private void printReady(PrintWriter out, ProxyServer proxy, Path envFile, DevelopmentLease lease,
            UpstreamDatabase database) {
        InetSocketAddress address = proxy.address();
        out.println();
        out.println("phiguard is running.");
        out.println("  PostgreSQL proxy   " + address.getHostString() + ":" + address.getPort()
                + (requireTls ? " (TLS required)" : " (TLS offered)"));
        out.println("  target             " + database.description());
        out.println("  development lease  " + lease.leaseId() + " for purpose " + lease.purpose() + ", valid for "
                + DurationConverter.format(leaseTtl) + "; credential in " + envFile);
        out.println();
        out.println(passThrough
                ? "PASS-THROUGH MODE: no policy is enforced and nothing is masked."
                : "Every statement is checked against the policy of purpose " + lease.purpose()
                        + "; identifiers are masked.");
        out.println();
        out.println("Connect with psql:");
        out.println("  set -a; . " + envFile + "; set +a");
        out.println("  psql -c \"SELECT mrn, ssn, last_name, date_of_birth, state FROM patients LIMIT 5\"");
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
