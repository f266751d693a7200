package dev.phiguard.cli.client;

import dev.phiguard.broker.audit.AuditLog;
import dev.phiguard.broker.audit.AuditQuery;
import dev.phiguard.broker.audit.AuditVerifier;
import dev.phiguard.broker.audit.RecordKeyHasher;
import dev.phiguard.broker.events.LocalChangeFeed;
import dev.phiguard.broker.http.Auditing;
import dev.phiguard.broker.http.BrokerApi;
import dev.phiguard.broker.http.BrokerMetrics;
import dev.phiguard.broker.http.RecordingFiles;
import dev.phiguard.broker.identity.DevelopmentIssuer;
import dev.phiguard.broker.identity.TokenVerifier;
import dev.phiguard.broker.service.LeaseEventListener;
import dev.phiguard.broker.service.LeaseService;
import dev.phiguard.broker.store.JdbcLeaseStore;
import dev.phiguard.policies.policy.PolicySet;
import dev.phiguard.proxy.recording.RecordingWriter;
import dev.phiguard.proxy.recording.SigningKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The real broker API, started in-process on a free port: an embedded H2 store with a real {@link AuditLog}, real
 * development-issuer JWTs, and recordings as {@code RecordingWriter} names them in a directory, verified by
 * {@link #keys}. No fake server.
 */
public final class AuditorBroker implements AutoCloseable {

    /** The key the test's record-key hashes are made with. */
    public final RecordKeyHasher hasher = RecordKeyHasher.withKey(
            "cli-audit-test-record-key-012345".getBytes(StandardCharsets.US_ASCII));
    public final SigningKeys keys = SigningKeys.ephemeral();
    public final Path recordings;
    public final AuditLog auditLog;
    public final JdbcLeaseStore store;
    private final DevelopmentIssuer issuer;
    private final TokenVerifier verifier;
    private final LocalChangeFeed feed = new LocalChangeFeed();
    private final LeaseService service;
    private final BrokerApi api;
    private final URI url;

    public AuditorBroker(Path data) throws IOException {
        store = JdbcLeaseStore.embedded(data.resolve("state"));
        auditLog = AuditLog.open(store.dataSource());
        recordings = Files.createDirectories(data.resolve("recordings"));
        issuer = DevelopmentIssuer.open(data.resolve("issuer"), Clock.systemUTC());
        verifier = new TokenVerifier(List.of(issuer.issuerConfig()), Clock.systemUTC());
        service = new LeaseService(store, () -> new PolicySet(Map.of()), feed, LeaseEventListener.NONE,
                target -> Optional.empty(), Clock.systemUTC(), new SecureRandom(), "node-test");
        RecordingFiles files = new RecordingFiles() {
            @Override
            public Optional<Path> find(String sessionId) {
                Path file = RecordingWriter.fileFor(recordings, sessionId);
                return Files.exists(file) ? Optional.of(file) : Optional.empty();
            }

            @Override
            public String publicKeyPem() {
                return keys.publicKeyPem();
            }
        };
        api = new BrokerApi(service, verifier, Optional.of(issuer), () -> true, new BrokerMetrics(),
                Auditing.of(new AuditQuery(store.dataSource(), hasher), new AuditVerifier(store.dataSource()), files));
        InetSocketAddress bound = api.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        url = URI.create("http://" + bound.getHostString() + ":" + bound.getPort());
    }

    public URI url() {
        return url;
    }

    /** A real JWT of the development issuer. */
    public String token(String subject, String... groups) {
        return issuer.issue(subject, Set.of(groups), Map.of(), Duration.ofHours(1));
    }

    public String auditorToken() {
        return token("carol", "auditors");
    }

    /** The environment a command needs to reach this broker as {@code token}'s holder. */
    public Map<String, String> env(String token) {
        return Map.of("PHIGUARD_URL", url.toString(), "PHIGUARD_TOKEN", token);
    }

    public BrokerClient client(String token) {
        return new BrokerClient(url, Optional.of(BearerToken.of(token)));
    }

    @Override
    public void close() throws Exception {
        api.close();
        service.close();
        verifier.close();
        feed.close();
        store.close();
    }
}
