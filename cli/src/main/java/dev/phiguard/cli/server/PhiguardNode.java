package dev.phiguard.cli.server;

import dev.phiguard.broker.audit.AuditLog;
import dev.phiguard.broker.audit.AuditWriter;
import dev.phiguard.broker.audit.StatementCoalescer;
import dev.phiguard.broker.audit.RecordKeyHasher;
import dev.phiguard.broker.events.LeaseChangeFeed;
import dev.phiguard.broker.events.LocalChangeFeed;
import dev.phiguard.broker.events.PostgresChangeFeed;
import dev.phiguard.broker.identity.DevelopmentIssuer;
import dev.phiguard.broker.identity.IssuerConfig;
import dev.phiguard.broker.audit.AuditQuery;
import dev.phiguard.broker.audit.AuditVerifier;
import dev.phiguard.broker.http.Auditing;
import dev.phiguard.broker.http.BrokerApi;
import dev.phiguard.broker.http.RecordingFiles;
import dev.phiguard.broker.http.BrokerMetrics;
import dev.phiguard.broker.identity.TokenVerifier;
import dev.phiguard.broker.service.ConnectionInfo;
import dev.phiguard.broker.service.DeadlineScheduler;
import dev.phiguard.broker.service.LeaseEventListener;
import dev.phiguard.broker.service.LeaseService;
import dev.phiguard.broker.store.JdbcLeaseStore;
import dev.phiguard.policies.policy.PolicySet;
import dev.phiguard.proxy.ProxyServer;
import dev.phiguard.proxy.ProxyStartException;
import dev.phiguard.proxy.config.ProxyConfig;
import dev.phiguard.proxy.config.Target;
import dev.phiguard.proxy.port.ProxyPorts;
import dev.phiguard.proxy.port.RecordKeyHashing;
import dev.phiguard.proxy.port.SessionListener;
import dev.phiguard.proxy.recording.EncryptionKey;
import dev.phiguard.proxy.recording.LiteralPolicy;
import dev.phiguard.proxy.recording.RecordingSettings;
import dev.phiguard.proxy.recording.RecordingWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running phiguard node: the broker (store, change feed, token verification, lease service, deadline
 * scheduler, HTTP API) and the proxy (credential port served by the broker, policy enforcement, recordings),
 * wired together. {@code phiguard server} and {@code phiguard demo} run one; several nodes share a PostgreSQL store.
 * {@link #close()} stops everything in reverse order of start.
 */
public final class PhiguardNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PhiguardNode.class);
    /** The key of the keyed hashes that replace literals in recordings (shared by nodes of one store). */
    static final String LITERAL_KEY_FILE = "recording-literal.key";

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final NodeSettings settings;
    private LeaseService leases;
    private ProxyServer proxy;
    private Optional<DevelopmentIssuer> developmentIssuer = Optional.empty();
    private PolicySet policies;
    private AuditWriter audit;
    private StatementCoalescer sessionEvents;
    private javax.sql.DataSource storeData;
    private RecordKeyHasher recordKeys;
    private InetSocketAddress apiAddress;
    private volatile boolean ready;

    private PhiguardNode(NodeSettings settings) {
        this.settings = settings;
    }

    /** Starts a node; on failure everything already started is stopped again and a {@link NodeStartException} says why. */
    public static PhiguardNode start(NodeSettings settings, Clock clock) {
        PhiguardNode node = new PhiguardNode(settings);
        try {
            node.startAll(clock);
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        } catch (IOException e) {
            node.close();
            throw new NodeStartException("cannot use data directory " + settings.dataDir() + ": " + e.getMessage(), e);
        }
    }

    private void startAll(Clock clock) throws IOException {
        java.nio.file.Files.createDirectories(settings.dataDir());
        policies = PolicySources.load(settings.policiesDir().orElse(null));
        JdbcLeaseStore store = settings.sharedStore().map(JdbcLeaseStore::shared)
                .orElseGet(() -> JdbcLeaseStore.embedded(settings.dataDir()));
        closeables.push(store);
        storeData = store.dataSource();
        audit = AuditWriter.start(AuditLog.open(storeData));
        closeables.push(audit);
        recordKeys = RecordKeyHasher.open(settings.dataDir());
        LeaseChangeFeed feed = settings.sharedStore().<LeaseChangeFeed>map(PostgresChangeFeed::start)
                .orElseGet(LocalChangeFeed::new);
        closeables.push(feed);

        List<IssuerConfig> issuers = new ArrayList<>(settings.issuers());
        if (settings.developmentIssuer()) {
            DevelopmentIssuer issuer = DevelopmentIssuer.open(settings.dataDir(), clock);
            developmentIssuer = Optional.of(issuer);
            issuers.add(issuer.issuerConfig());
        }
        TokenVerifier verifier = new TokenVerifier(issuers, clock);
        closeables.push(verifier);

        for (TargetBinding binding : settings.targets().values()) {
            closeables.push(binding.lifecycle());
            binding.lifecycle().start(leaseId -> store.find(leaseId).map(l -> !l.state().isTerminal()).orElse(false));
        }
        ProxyDirectory directory = new ProxyDirectory(settings);
        BrokerMetrics metrics = new BrokerMetrics();
        leases = new LeaseService(store, () -> policies, feed,
                LeaseEventListener.all(List.of(metrics, new AuditingLeaseListener(audit, clock))),
                directory::forTarget, clock, new SecureRandom(), settings.node());
        closeables.push(leases);
        for (TargetBinding binding : settings.targets().values()) {
            if (binding.lifecycle() instanceof SecretsUpstream secrets) {
                secrets.useLeases(leases::find);
            }
        }
        DeadlineScheduler scheduler = new DeadlineScheduler(store, leases, feed, clock).start();
        closeables.push(scheduler);

        ExecutorService releases = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "phiguard-session-releases");
            thread.setDaemon(true);
            return thread;
        });
        closeables.push(() -> {
            releases.shutdown();
            releases.awaitTermination(10, TimeUnit.SECONDS);
        });
        StatementCoalescer sessionEvents = new StatementCoalescer(audit, settings.statementWindow(),
                StatementCoalescer.DEFAULT_MAX_KEYS_PER_EVENT);
        closeables.push(sessionEvents);
        this.sessionEvents = sessionEvents;
        AuditingSessionListener sessionAudit = new AuditingSessionListener(sessionEvents, store::find, settings.node(),
                clock);
        proxy = startProxy(new BrokerCredentialPort(leases, releases), sessionAudit);
        closeables.push(proxy);
        directory.bound(proxy.address());
        closeables.push(feed.subscribe(new SessionCutter(proxy, leases, settings.targets())));
        metrics.registerGauge("phiguard_proxy_sessions", "Live proxy sessions on this node", proxy::sessionCount);
        metrics.registerGauge("phiguard_audit_statements_total",
                "Statement executions handed to the audit log (coalesced executions count one by one)",
                sessionAudit::statementsAudited);
        metrics.registerGauge("phiguard_audit_refused_total",
                "Session audit events refused because the audit log was stopping (missing evidence)",
                () -> sessionAudit.refusedEvents() + sessionEvents.lost());
        metrics.registerGauge("phiguard_audit_queue", "Audit events waiting to be written", audit::pending);
        metrics.registerGauge("phiguard_audit_backlog",
                "Session audit events waiting for room in the audit queue (their sessions' clients are paused)",
                sessionEvents::backlog);

        BrokerApi api = new BrokerApi(leases, verifier, developmentIssuer, () -> ready, metrics,
                Auditing.of(new AuditQuery(storeData, recordKeys), new AuditVerifier(storeData), new NodeRecordings()));
        closeables.push(api);
        try {
            apiAddress = api.start(settings.apiListen());
        } catch (IOException e) {
            throw new NodeStartException("cannot listen on " + settings.apiListen() + " for the broker API: "
                    + e.getMessage() + " (choose another address with --listen)", e);
        }
        ready = true;
        log.info("node {} started: proxy on {}", settings.node(), proxy.address());
    }

    private ProxyServer startProxy(BrokerCredentialPort credentials, AuditingSessionListener sessionAudit) {
        Map<String, Target> targets = new LinkedHashMap<>();
        settings.targets().forEach((name, binding) -> targets.put(name, binding.target()));
        ProxyPorts ports = ProxyPorts.passThrough(credentials, session -> {
            TargetBinding binding = settings.targets().get(session.grant().targetName());
            return binding.upstream().loginFor(session);
        }).withListener(sessionAudit);
        if (!settings.passThrough()) {
            ports = ports.withRecordings(startRecordings());
            Enforcement enforcement;
            try {
                enforcement = new Enforcement(policies, settings.targets(),
                        MaskingKeyFile.loadOrCreate(settings.maskingKeyFile()), recordKeyHashing(recordKeys));
            } catch (IOException e) {
                throw new NodeStartException("cannot read the masking key " + settings.maskingKeyFile() + ": "
                        + e.getMessage(), e);
            }
            closeables.push(enforcement);
            ports = ports.withGate(enforcement.enforcement()).withRows(enforcement.enforcement())
                    .withListener(SessionListener.all(List.of(enforcement.enforcement(), sessionAudit)));
        }
        try {
            return ProxyServer.start(ProxyConfig.of(settings.proxyListen(), settings.clientTls(), targets), ports);
        } catch (ProxyStartException e) {
            throw new NodeStartException(e.getMessage() + " (choose another address with --proxy-listen)", e);
        }
    }

    private RecordingWriter startRecordings() {
        NodeSettings.RecordingSettings recording = settings.recordings();
        byte[] literalKey = null;
        byte[] encryption = null;
        try {
            literalKey = KeyFiles.loadOrCreate(settings.dataDir().resolve(LITERAL_KEY_FILE));
            encryption = recording.encryptionKeyFile().isPresent() ? KeyFiles.read(recording.encryptionKeyFile().get())
                    : null;
            RecordingWriter writer = RecordingWriter.create(RecordingSettings.defaults(recording.directory())
                            .withLiterals(recording.hashLiterals() ? LiteralPolicy.HASH : LiteralPolicy.KEEP)
                            .withFlushInterval(recording.flushInterval()),
                    settings.dataDir(), literalKey, encryption == null ? null : EncryptionKey.of(encryption));
            closeables.push(writer);
            return writer;
        } catch (IOException e) {
            throw new NodeStartException("cannot set up session recording in " + recording.directory() + ": "
                    + e.getMessage(), e);
        } finally {
            if (literalKey != null) {
                java.util.Arrays.fill(literalKey, (byte) 0);
            }
            if (encryption != null) {
                java.util.Arrays.fill(encryption, (byte) 0);
            }
        }
    }

    /** The proxy's bound address. */
    public InetSocketAddress proxyAddress() {
        return proxy.address();
    }

    /** The broker API's base URL, e.g. {@code http://127.0.0.1:8420}. */
    public String apiUrl() {
        String host = apiAddress.getAddress() != null && apiAddress.getAddress().isAnyLocalAddress()
                ? "127.0.0.1" : apiAddress.getHostString();
        return "http://" + host + ":" + apiAddress.getPort();
    }

    /** The lease service (the demo and tests drive it directly). */
    public LeaseService leases() {
        return leases;
    }

    /**
     * Checks the audit log's hash chain after writing what is queued.
     *
     * @throws InterruptedException if interrupted while the queued events are written
     */
    public dev.phiguard.broker.audit.Verification verifyAuditLog() throws InterruptedException {
        sessionEvents.flush(java.time.Duration.ofSeconds(30));
        return new dev.phiguard.broker.audit.AuditVerifier(storeData).verify();
    }

    /** Searches the audit log, e.g. who accessed a record (after writing what is queued). */
    public dev.phiguard.broker.audit.AuditQuery auditQuery() throws InterruptedException {
        sessionEvents.flush(java.time.Duration.ofSeconds(30));
        return new dev.phiguard.broker.audit.AuditQuery(storeData, recordKeys);
    }

    /** The recording file of a session on this node's recordings directory (it may not exist). */
    public java.nio.file.Path recordingOf(String sessionId) {
        return RecordingWriter.fileFor(settings.recordings().directory(), sessionId);
    }

    /** The public key that verifies this node's recordings. */
    public java.security.PublicKey recordingPublicKey() throws IOException {
        return dev.phiguard.proxy.recording.SigningKeys.readPublicKey(
                settings.dataDir().resolve(dev.phiguard.proxy.recording.SigningKeys.PUBLIC_FILE));
    }

    /** The development token issuer, when this node runs one. */
    public Optional<DevelopmentIssuer> developmentIssuer() {
        return developmentIssuer;
    }

    /** The live proxy sessions on this node. */
    public int sessionCount() {
        return proxy.sessionCount();
    }

    public NodeSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        ready = false;
        while (!closeables.isEmpty()) {
            AutoCloseable next = closeables.pop();
            try {
                next.close();
            } catch (Exception e) {
                log.warn("while stopping {}: {}", next, e.toString());
            }
        }
    }

    /** The recordings of this node, for the API's replay routes. */
    private final class NodeRecordings implements RecordingFiles {
        @Override
        public Optional<java.nio.file.Path> find(String sessionId) {
            try {
                java.nio.file.Path file = recordingOf(sessionId);
                return java.nio.file.Files.exists(file) ? Optional.of(file) : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        @Override
        public String publicKeyPem() {
            try {
                return java.nio.file.Files.readString(
                        settings.dataDir().resolve(dev.phiguard.proxy.recording.SigningKeys.PUBLIC_FILE));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read the recording public key", e);
            }
        }
    }

    /**
     * The audit log's record key hasher as the proxy's port, with its binary form (the proxy hashes a key per row; the
     * binary form spares it a String and a hex round trip per key).
     */
    static RecordKeyHashing recordKeyHashing(RecordKeyHasher hasher) {
        return new RecordKeyHashing() {
            @Override
            public String hash(String table, String rawValue) {
                return hasher.hash(table, rawValue);
            }

            @Override
            public boolean hashInto(String table, byte[] value, int offset, int length, byte[] out) {
                hasher.hash(table, value, offset, length, out);
                return true;
            }
        };
    }

    /** The credential answer's connection details: the advertised (or bound) proxy address for each target. */
    private static final class ProxyDirectory {
        private final NodeSettings settings;
        private volatile InetSocketAddress bound;

        ProxyDirectory(NodeSettings settings) {
            this.settings = settings;
        }

        void bound(InetSocketAddress address) {
            this.bound = address;
        }

        Optional<ConnectionInfo> forTarget(String targetName) {
            TargetBinding binding = settings.targets().get(targetName);
            InetSocketAddress address = settings.advertisedProxy().orElse(bound);
            if (binding == null || address == null) {
                return Optional.empty();
            }
            String host = address.getHostString();
            if (address.getAddress() != null && address.getAddress().isAnyLocalAddress()) {
                host = "127.0.0.1";
            }
            String sslmode = settings.clientTls().offered().isPresent() ? "require" : "disable";
            return Optional.of(new ConnectionInfo(host, address.getPort(), binding.target().database(), sslmode));
        }
    }
}
