package dev.phiguard.broker.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpServer;
import dev.phiguard.broker.identity.DevelopmentIssuer;
import dev.phiguard.broker.identity.TokenVerifier;
import dev.phiguard.broker.service.LeaseService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The broker's HTTP API (docs/api.md) on the JDK's HTTP server: {@code /v1} with a bearer token on every call,
 * {@code /healthz} and {@code /metrics}. {@link #start} binds it (port 0 picks a free port) and returns the bound
 * address; {@link #close()} stops it, answering nothing more.
 *
 * <p>Requests are handled on a small pool of {@value #THREADS} threads; a long-poll returns its thread to the pool
 * at once and is answered by the thread that completes its wait: the one that committed the change on this node,
 * or the service's waiter thread for a change reported by another node or a timeout.
 */
public final class BrokerApi implements AutoCloseable {

    /** The threads that handle requests and write deferred answers. */
    static final int THREADS = 8;

    private final LeaseService service;
    private final TokenVerifier verifier;
    private final Optional<DevelopmentIssuer> developmentIssuer;
    private final BooleanSupplier ready;
    private final BrokerMetrics metrics;
    private final Auditing auditing;
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param service           the lease operations
     * @param verifier          verifies every {@code /v1} bearer token
     * @param developmentIssuer when present, {@code POST /v1/tokens} mints development tokens with it
     * @param ready             whether {@code /healthz} answers 200 (store, proxy and policies ready)
     * @param metrics           what {@code /metrics} shows; also add it to the service's listeners to count
     *                          transitions
     */
    public BrokerApi(LeaseService service, TokenVerifier verifier, Optional<DevelopmentIssuer> developmentIssuer,
                     BooleanSupplier ready, BrokerMetrics metrics) {
        this(service, verifier, developmentIssuer, ready, metrics, Auditing.none());
    }

    /**
     * An API that also answers auditors: {@code /v1/audit/...}, {@code /v1/sessions/{id}/recording} and
     * {@code /v1/recordings/public-key}.
     *
     * @param auditing the audit log's query and verifier, the recordings, and the auditor groups
     */
    public BrokerApi(LeaseService service, TokenVerifier verifier, Optional<DevelopmentIssuer> developmentIssuer,
                     BooleanSupplier ready, BrokerMetrics metrics, Auditing auditing) {
        this.auditing = Objects.requireNonNull(auditing, "auditing");
        this.service = Objects.requireNonNull(service, "service");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.developmentIssuer = Objects.requireNonNull(developmentIssuer, "developmentIssuer");
        this.ready = Objects.requireNonNull(ready, "ready");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The JSON mapper of the API: unknown fields, trailing content and nulls for numbers are refused. */
    static ObjectMapper json() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
    }

    /** The route table of this API. */
    Router routes() {
        Router router = new Router();
        new LeasesResource(service).register(router);
        new LeaseResource(service).register(router);
        new LeaseActionsResource(service).register(router);
        new CredentialResource(service).register(router);
        new SessionsResource(service).register(router);
        new IdentityResource(developmentIssuer).register(router);
        new AuditResource(auditing, Clock.systemUTC()).register(router);
        new RecordingsResource(auditing).register(router);
        new HealthResource(ready).register(router);
        new MetricsResource(metrics, service).register(router);
        return router;
    }

    /**
     * Binds and starts the server.
     *
     * @return the bound address (with the chosen port when {@code address} named port 0)
     * @throws IOException if the address cannot be bound
     */
    public synchronized InetSocketAddress start(InetSocketAddress address) throws IOException {
        if (server != null) {
            throw new IllegalStateException("the API is already started");
        }
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "phiguard-http-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        HttpServer created = HttpServer.create(address, 128);
        created.createContext("/", new Dispatcher(routes(), verifier, json(), metrics));
        created.setExecutor(pool);
        created.start();
        server = created;
        executor = pool;
        return created.getAddress();
    }

    /** Stops answering: open exchanges, long-polls included, are closed. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }
}
