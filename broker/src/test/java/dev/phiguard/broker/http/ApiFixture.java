package dev.phiguard.broker.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phiguard.broker.audit.AuditLog;
import dev.phiguard.broker.audit.AuditQuery;
import dev.phiguard.broker.audit.AuditVerifier;
import dev.phiguard.broker.audit.RecordKeyHasher;
import dev.phiguard.broker.events.LocalChangeFeed;
import dev.phiguard.broker.identity.DevelopmentIssuer;
import dev.phiguard.broker.identity.TokenVerifier;
import dev.phiguard.broker.service.ServiceFixture;
import dev.phiguard.broker.store.JdbcLeaseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A broker API on a free port over an embedded store, its development issuer, and a real HTTP client. Tokens are
 * real ES256 JWTs from the development issuer, verified by a real {@link TokenVerifier}.
 */
final class ApiFixture implements AutoCloseable {

    final Path data;
    final DevelopmentIssuer issuer;
    final TokenVerifier verifier;
    final BrokerMetrics metrics = new BrokerMetrics();
    final ServiceFixture service;
    final AtomicBoolean ready = new AtomicBoolean(true);
    final JdbcLeaseStore store;
    /** The audit log on the store's database, and its hasher (a fixed test key). */
    final AuditLog auditLog;
    final RecordKeyHasher hasher = RecordKeyHasher.withKey("audit-record-key-for-api-tests-0".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII));
    /** Recordings are {@code <sessionId>.phirec} in this directory; the public key is {@link #PUBLIC_KEY_PEM}. */
    final Path recordings;
    static final String PUBLIC_KEY_PEM = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAtest\n-----END PUBLIC KEY-----\n";
    final BrokerApi api;
    final URI base;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();

    ApiFixture(Path data) throws IOException {
        this.data = data;
        issuer = DevelopmentIssuer.open(data.resolve("issuer"), Clock.systemUTC());
        verifier = new TokenVerifier(List.of(issuer.issuerConfig()), Clock.systemUTC());
        store = JdbcLeaseStore.embedded(data.resolve("state"));
        service = new ServiceFixture(store, new LocalChangeFeed(), Instant.now().truncatedTo(ChronoUnit.SECONDS),
                metrics);
        auditLog = AuditLog.open(store.dataSource());
        recordings = java.nio.file.Files.createDirectories(data.resolve("recordings"));
        RecordingFiles files = new RecordingFiles() {
            @Override
            public java.util.Optional<Path> find(String sessionId) {
                Path file = recordings.resolve(sessionId + ".phirec");
                return java.nio.file.Files.exists(file) ? java.util.Optional.of(file) : java.util.Optional.empty();
            }

            @Override
            public String publicKeyPem() {
                return PUBLIC_KEY_PEM;
            }
        };
        api = new BrokerApi(service.service, verifier, java.util.Optional.of(issuer), ready::get, metrics,
                Auditing.of(new AuditQuery(store.dataSource(), hasher), new AuditVerifier(store.dataSource()), files));
        InetSocketAddress bound = api.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        base = URI.create("http://" + bound.getHostString() + ":" + bound.getPort());
    }

    String token(String subject, String... groups) {
        return issuer.issue(subject, Set.of(groups), Map.of("repository", "acme/etl"), Duration.ofHours(1));
    }

    String ciBot() {
        return token("ci-bot", "ci");
    }

    String alice() {
        return token("alice", "reviewers");
    }

    /** An answer: status and body. */
    record Answer(int status, JsonNode body, String text) {
        String code() {
            return body.path("error").path("code").asText();
        }
    }

    HttpRequest request(String method, String path, String token, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(90))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        return builder.build();
    }

    Answer call(String method, String path, String token, String body) {
        try {
            return answer(client.send(request(method, path, token, body), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<Answer> callAsync(String method, String path, String token) {
        return client.sendAsync(request(method, path, token, null), HttpResponse.BodyHandlers.ofString())
                .thenApply(this::answer);
    }

    /**
     * An asynchronous call that records in {@code answeredAt} ({@link System#nanoTime()}) the moment its response's
     * status and headers arrived, before the body is read or parsed.
     */
    CompletableFuture<Answer> callTimed(String method, String path, String token, String body,
                                        java.util.concurrent.atomic.AtomicLong answeredAt) {
        HttpResponse.BodyHandler<String> timed = info -> {
            answeredAt.set(System.nanoTime());
            return HttpResponse.BodySubscribers.ofString(java.nio.charset.StandardCharsets.UTF_8);
        };
        return client.sendAsync(request(method, path, token, body), timed).thenApply(this::answer);
    }

    Answer get(String path, String token) {
        return call("GET", path, token, null);
    }

    Answer post(String path, String token, String body) {
        return call("POST", path, token, body);
    }

    private Answer answer(HttpResponse<String> response) {
        JsonNode body;
        try {
            body = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
                    ? json.readTree(response.body()) : json.nullNode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Answer(response.statusCode(), body, response.body());
    }

    /** Requests a study-42 lease as {@code token}'s subject; returns its id. */
    String requestLease(String token) {
        Answer created = post("/v1/leases", token, "{\"purpose\": \"study-42\", \"reason\": \"nightly extract\"}");
        if (created.status() != 201) {
            throw new AssertionError("request refused: " + created.text());
        }
        return created.body().get("id").asText();
    }

    long version(String leaseId) {
        return service.version(leaseId);
    }

    @Override
    public void close() {
        api.close();
        service.close();
        verifier.close();
    }
}
