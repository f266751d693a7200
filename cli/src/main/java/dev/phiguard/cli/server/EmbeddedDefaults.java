package dev.phiguard.cli.server;

import dev.phiguard.cli.server.config.ServerConfig;
import dev.phiguard.proxy.config.ClientTls;
import dev.phiguard.proxy.config.Target;
import dev.phiguard.proxy.port.UpstreamLogin;
import dev.phiguard.proxy.tls.DevelopmentCertificate;
import dev.phiguard.proxy.tls.TlsContexts;
import dev.phiguard.sampledata.EmbeddedTarget;
import dev.phiguard.sampledata.EmbeddedTargetException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code phiguard server} runs on when it has no configuration file: an embedded PostgreSQL 17 target named
 * {@value #TARGET} holding synthetic patients, the development token issuer, the embedded store, a self-signed
 * development certificate and the bundled example policy. Owns the embedded database (close it after the node).
 */
public final class EmbeddedDefaults implements AutoCloseable {

    /** The embedded target's name, as the example policy's {@code lease.target} names it. */
    public static final String TARGET = "clinic";

    private final EmbeddedTarget database;

    private EmbeddedDefaults(EmbeddedTarget database) {
        this.database = database;
    }

    /** Starts the embedded PostgreSQL target with {@code patients} synthetic patients. */
    public static EmbeddedDefaults start(long patients) {
        try {
            return new EmbeddedDefaults(EmbeddedTarget.builder().patients(patients).start());
        } catch (EmbeddedTargetException e) {
            throw new NodeStartException("could not start the embedded PostgreSQL target: " + e.getMessage(), e);
        }
    }

    /**
     * The node's settings on embedded defaults.
     *
     * @param policiesDir a folder of policies instead of the bundled example, or empty
     */
    public NodeSettings settings(Path dataDir, InetSocketAddress apiListen, InetSocketAddress proxyListen,
                                 boolean requireTls, Optional<Path> policiesDir, boolean passThrough) {
        ClientTls tls;
        try {
            DevelopmentCertificate certificate = DevelopmentCertificate.loadOrCreate(dataDir.resolve("tls"));
            tls = new ClientTls(TlsContexts.forClients(certificate.certificateFile(), certificate.keyFile()), requireTls);
        } catch (IOException e) {
            throw new NodeStartException("cannot create the development certificate in " + dataDir.resolve("tls")
                    + ": " + e.getMessage(), e);
        }
        Target target = new Target(TARGET, database.host(), database.port(), database.database(),
                Target.UpstreamTls.DISABLED);
        UpstreamLogin login = new UpstreamLogin(database.appUser(), database.appPassword().toCharArray());
        TargetBinding binding = new TargetBinding(target, session -> CompletableFuture.completedFuture(login),
                () -> DriverManager.getConnection(database.appJdbcUrl(), database.appUser(), database.appPassword()));
        return new NodeSettings("local", dataDir, apiListen, proxyListen, Optional.empty(), tls,
                Map.of(TARGET, binding), Optional.empty(), List.of(), true, policiesDir, passThrough,
                dataDir.resolve(MaskingKeyFile.FILE),
                new NodeSettings.RecordingSettings(dataDir.resolve("recordings"), true, Optional.empty(),
                        new ServerConfig.RecordingsSection(null, null, null, null).flushIntervalDuration()),
                new ServerConfig.AuditSection(null).statementWindowDuration());
    }

    /** The embedded database (the demo and tests read it directly). */
    public EmbeddedTarget database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
    }
}
