package dev.phiguard.cli;

import dev.phiguard.cli.server.ConfiguredSettings;
import dev.phiguard.cli.server.EmbeddedDefaults;
import dev.phiguard.cli.server.NodeSettings;
import dev.phiguard.cli.server.NodeStartException;
import dev.phiguard.cli.server.PhiguardNode;
import dev.phiguard.cli.server.PolicySources;
import dev.phiguard.cli.server.config.ConfigException;
import dev.phiguard.cli.server.config.ServerConfig;
import dev.phiguard.cli.server.config.ServerConfigLoader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phiguard server}: the broker and the proxy in one process, from a configuration file or embedded defaults. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Runs phiguard: the broker (leases, approvals, one-time credentials; HTTP API) and the PostgreSQL",
            "proxy that enforces each purpose's policy, masks identifiers and records sessions.",
            "",
            "With --config FILE it runs what the file describes (docs/configuration.md). Without it, it starts",
            "on embedded defaults, for trying phiguard out: an embedded PostgreSQL 17 target 'clinic' holding",
            "synthetic patients, an embedded state store and the development token issuer in --data-dir, a",
            "self-signed development certificate, and the example policy of purpose study-42 (subjects in",
            "group 'ci' may request a lease; one approval from group 'reviewers').",
            "",
            "It prints where everything listens and what to type next. Stop it with Ctrl-C or SIGTERM:",
            "sessions are told the server is shutting down and the state is saved."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  phiguard server                                   # embedded defaults",
            "  phiguard server --listen 0.0.0.0:8420 --proxy-listen 0.0.0.0:6432",
            "  phiguard server --config /etc/phiguard/server.yaml"
        })
final class ServerCommand implements Callable<Integer> {

    static final String DEFAULT_DATA_DIR = ".phiguard";

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Server configuration (YAML, see docs/configuration.md). Default: embedded defaults.")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where phiguard keeps its state: store, keys, recordings (default: " + DEFAULT_DATA_DIR
                    + ", or data_dir of the configuration).")
    Path dataDir;

    @Option(names = "--listen", paramLabel = "HOST:PORT", converter = HostPort.class,
            description = "Address of the broker API (default: " + ServerConfig.DEFAULT_LISTEN
                    + "; port 0 picks a free one).")
    InetSocketAddress listen;

    @Option(names = "--proxy-listen", paramLabel = "HOST:PORT", converter = HostPort.class,
            description = "Address of the PostgreSQL proxy (default: " + ServerConfig.DEFAULT_PROXY_LISTEN
                    + "; port 0 picks a free one).")
    InetSocketAddress proxyListen;

    @Option(names = "--patients", paramLabel = "N", defaultValue = "2000",
            description = "Synthetic patients in the embedded target (default: ${DEFAULT-VALUE}; embedded defaults only).")
    long patients;

    @Option(names = "--require-tls", description = "Refuse proxy clients that do not use TLS.")
    boolean requireTls;

    @Option(names = "--policies", paramLabel = "DIR",
            description = "Folder of purpose policies (*.yaml, see docs/policy.md), instead of the bundled example"
                    + " or the configuration's.")
    Path policiesDir;

    @Option(names = "--pass-through",
            description = "Relay without enforcing policies or masking (for measurements only: PHI leaves unmasked).")
    boolean passThrough;

    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(15);

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
        EmbeddedDefaults embedded = null;
        PhiguardNode node = null;
        try {
            NodeSettings settings;
            if (config != null) {
                ServerConfig file = new ServerConfigLoader().load(config);
                settings = ConfiguredSettings.from(file, new ConfiguredSettings.Overrides(Optional.ofNullable(dataDir),
                        Optional.ofNullable(listen), Optional.ofNullable(proxyListen), requireTls,
                        Optional.ofNullable(policiesDir), passThrough));
            } else {
                if (policiesDir != null) {
                    PolicySources.load(policiesDir); // fail fast, before the embedded target takes its time
                }
                out.println("phiguard: starting the embedded PostgreSQL target with " + patients
                        + " synthetic patients...");
                out.flush();
                embedded = EmbeddedDefaults.start(patients);
                HostPort addresses = new HostPort();
                settings = embedded.settings(Optional.ofNullable(dataDir).orElse(Path.of(DEFAULT_DATA_DIR)),
                        Optional.ofNullable(listen).orElseGet(() -> addresses.convert(ServerConfig.DEFAULT_LISTEN)),
                        Optional.ofNullable(proxyListen).orElseGet(() -> addresses.convert(ServerConfig.DEFAULT_PROXY_LISTEN)),
                        requireTls, Optional.ofNullable(policiesDir), passThrough);
            }
            node = PhiguardNode.start(settings, Clock.systemUTC());
            new ReadyBanner(node, embedded != null, patients).print(out);
            // Ctrl-C / SIGTERM: release the main thread and give it time to close sessions and the store.
            Thread hook = new Thread(() -> {
                stop.countDown();
                awaitQuietly(stopped, SHUTDOWN_GRACE);
            }, "phiguard-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            stop.await();
            out.println("phiguard: shutting down...");
            out.flush();
            return ExitCodes.OK;
        } catch (ConfigException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, e.getMessage(), e);
        } catch (NodeStartException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.FAILED, e.getMessage(), e);
        } finally {
            if (node != null) {
                node.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            stopped.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
