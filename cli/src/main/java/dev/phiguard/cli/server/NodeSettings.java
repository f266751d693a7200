package dev.phiguard.cli.server;

import dev.phiguard.broker.identity.IssuerConfig;
import dev.phiguard.proxy.config.ClientTls;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Everything a node needs to start, resolved: from the configuration file, or from the embedded defaults.
 *
 * @param node              this node's name (session records, logs)
 * @param dataDir           keys, the embedded store, recordings
 * @param apiListen         the broker API's address
 * @param proxyListen       the proxy's address
 * @param advertisedProxy   the proxy address handed out with credentials; empty: the bound address
 * @param clientTls         TLS towards clients
 * @param targets           the databases, by name
 * @param sharedStore       a PostgreSQL database shared by several nodes; empty: the embedded store in dataDir
 * @param issuers           the trusted token issuers (the development issuer is added by the node when enabled)
 * @param developmentIssuer whether to run the development issuer (its key in dataDir)
 * @param policiesDir       the folder of purpose policies; empty: the bundled example
 * @param passThrough       relay without enforcement (measurements only)
 * @param maskingKeyFile    the masking key; nodes sharing a store must share it
 * @param recordings        where session recordings go and how
 * @param statementWindow   how long repeated executions of one allowed statement in a session are gathered into one
 *                          audit event; zero: one event per execution
 */
public record NodeSettings(String node, Path dataDir, InetSocketAddress apiListen, InetSocketAddress proxyListen,
                           Optional<InetSocketAddress> advertisedProxy, ClientTls clientTls,
                           Map<String, TargetBinding> targets, Optional<DataSource> sharedStore,
                           List<IssuerConfig> issuers, boolean developmentIssuer, Optional<Path> policiesDir,
                           boolean passThrough, Path maskingKeyFile, RecordingSettings recordings,
                           java.time.Duration statementWindow) {

    public NodeSettings {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(apiListen, "apiListen");
        Objects.requireNonNull(proxyListen, "proxyListen");
        Objects.requireNonNull(advertisedProxy, "advertisedProxy");
        Objects.requireNonNull(clientTls, "clientTls");
        targets = Map.copyOf(targets);
        Objects.requireNonNull(sharedStore, "sharedStore");
        issuers = List.copyOf(issuers);
        Objects.requireNonNull(policiesDir, "policiesDir");
        Objects.requireNonNull(maskingKeyFile, "maskingKeyFile");
        Objects.requireNonNull(recordings, "recordings");
        Objects.requireNonNull(statementWindow, "statementWindow");
    }

    /**
     * Session recordings.
     *
     * @param directory         one file per session
     * @param hashLiterals      replace literals in statement text and Bind values by keyed hashes
     * @param encryptionKeyFile 32 bytes for AES-256-GCM at rest; empty: not encrypted
     * @param flushInterval     how long statements completed in quick succession are gathered into one written
     *                          chunk; zero: every statement is written at its end
     */
    public record RecordingSettings(Path directory, boolean hashLiterals, Optional<Path> encryptionKeyFile,
                                    java.time.Duration flushInterval) {
        public RecordingSettings {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(encryptionKeyFile, "encryptionKeyFile");
            Objects.requireNonNull(flushInterval, "flushInterval");
        }
    }
}
