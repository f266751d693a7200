package dev.phiguard.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the broker in contract tests: a real HTTP server (com.sun.net.httpserver) answering the JSON
 * documented in docs/api.md, with leases whose state a test changes ({@link #decide}); long-polls wait for that
 * change like the real broker's. Every request is recorded. Not a broker: the real one is tested end to end
 * after the merge.
 */
public final class FakeBroker implements AutoCloseable {
    public static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.test-token.signature";
    public static final String PASSWORD = "pa ss'\"$(rm -rf /)`x`;&|<>*?\\!#%{}";
    private static final Pattern LEASE_PATH = Pattern.compile("/v1/leases/([^/?]+)(/[a-z]+)?");

    /** A request as received. */
    public record Received(String method, String path, String query, String authorization, String body) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> leases = new ConcurrentHashMap<>();
    private final Map<String, Function<Received, Answer>> overrides = new ConcurrentHashMap<>();
    private volatile String initialState = "PENDING";
    private volatile boolean developmentIssuer = true;

    /** An answer: status and body. */
    public record Answer(int status, String body) {
        public static Answer error(int status, String code, String message) {
            return new Answer(status, "{\"error\": {\"code\": \"" + code + "\", \"message\": \"" + message + "\"}}");
        }
    }

    public FakeBroker() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-broker");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Requests to a path (without query) with a method. */
    public List<Received> received(String method, String path) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    /** The state new leases start in (PENDING unless the policy needs no approval). */
    public void newLeasesStartIn(String state) {
        initialState = state;
    }

    public void withoutDevelopmentIssuer() {
        developmentIssuer = false;
    }

    /** Answers {@code METHOD path} with {@code answer} instead of the default. */
    public void override(String method, String path, Function<Received, Answer> answer) {
        overrides.put(method + " " + path, answer);
    }

    /** Puts a lease in place, as if requested earlier. */
    public ObjectNode addLease(String id, String state) {
        ObjectNode lease = lease(id, "study-42", state);
        leases.put(id, lease);
        return lease;
    }

    /** A reviewer's (or the broker's) decision: the lease moves to {@code state}; long-polls wake up. */
    public void decide(String id, String state, String endReason, String reason) {
        ObjectNode lease = leases.get(id);
        synchronized (lease) {
            lease.put("state", state);
            lease.put("version", lease.get("version").asLong() + 1);
            if (endReason != null) {
                lease.put("endReason", endReason);
            }
            if (!state.equals("APPROVED") && !state.equals("ACTIVE")) {
                ObjectNode ending = lease.putObject("ending");
                ending.put("at", "2026-11-29T10:00:09Z");
                ending.set("by", principal("alice", "reviewers"));
                ending.put("reason", reason);
            }
            lease.notifyAll();
        }
    }

    /** The documented lease object (docs/api.md). */
    public static ObjectNode lease(String id, String purpose, String state) {
        ObjectNode l = MAPPER.createObjectNode();
        l.put("id", id);
        l.put("version", 1);
        l.put("state", state);
        l.putNull("endReason");
        l.put("purpose", purpose);
        l.put("target", "clinic");
        ObjectNode requester = principal("ci-bot", "ci");
        ((ObjectNode) requester.get("claims")).put("repository", "acme/etl").put("run_id", "42");
        l.set("requester", requester);
        l.put("ciRun", "acme/etl run 42 attempt 1 (refs/heads/main)");
        l.put("ttl", "PT30M");
        l.put("reason", "nightly extract");
        l.put("requestHash", "3f2a");
        l.put("approvalsRequired", 1);
        l.putArray("approvalGroups").add("reviewers");
        l.putArray("approvals");
        l.put("maxSessions", 2);
        l.put("openSessions", 0);
        l.put("createdAt", "2026-11-29T10:00:00Z");
        l.put("pendingDeadline", "2026-11-29T10:15:00Z");
        l.putNull("approvedAt");
        l.put("expiresAt", "2026-11-29T10:30:05Z");
        l.put("credentialFetched", false);
        l.putNull("ending");
        return l;
    }

    static ObjectNode principal(String subject, String group) {
        ObjectNode p = MAPPER.createObjectNode();
        p.put("issuer", "local");
        p.put("subject", subject);
        p.putArray("groups").add(group);
        p.putObject("claims");
        return p;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            Received r = new Received(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            received.add(r);
            Answer answer;
            try {
                Function<Received, Answer> override = overrides.get(r.method() + " " + r.path());
                answer = override != null ? override.apply(r) : answer(r);
            } catch (RuntimeException | InterruptedException e) {
                answer = Answer.error(500, "internal", "fake broker failed: " + e.getClass().getSimpleName());
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private Answer answer(Received r) throws InterruptedException {
        if (r.path().equals("/v1/tokens") && r.method().equals("POST")) {
            return developmentIssuer ? new Answer(200, "{\"token\": \"" + TOKEN + "\"}")
                    : Answer.error(404, "not_found", "no such path");
        }
        if (!("Bearer " + TOKEN).equals(r.authorization())) {
            return Answer.error(401, "unauthenticated", "no valid bearer token");
        }
        if (r.path().equals("/v1/whoami")) {
            return new Answer(200, "{\"issuer\": \"local\", \"subject\": \"ci-bot\", \"groups\": [\"ci\"],"
                    + " \"claims\": {\"run_id\": \"42\"}, \"ciRun\": \"acme/etl run 42\"}");
        }
        if (r.path().equals("/v1/leases") && r.method().equals("POST")) {
            String id = "lease-" + (leases.size() + 1) + "f3k2m9q4r8t1v5w";
            ObjectNode lease = lease(id, r.json().path("purpose").asText(), initialState);
            leases.put(id, lease);
            return new Answer(201, lease.toString());
        }
        if (r.path().equals("/v1/leases") && r.method().equals("GET")) {
            ObjectNode list = MAPPER.createObjectNode();
            leases.values().forEach(l -> list.withArray("leases").add(l));
            list.withArray("leases");
            return new Answer(200, list.toString());
        }
        Matcher m = LEASE_PATH.matcher(r.path());
        if (!m.matches() || !leases.containsKey(m.group(1))) {
            return Answer.error(404, "not_found", "no such lease");
        }
        ObjectNode lease = leases.get(m.group(1));
        String action = m.group(2) == null ? "" : m.group(2);
        switch (action) {
            case "" -> {
                return new Answer(200, longPoll(lease, r.query()).toString());
            }
            case "/credential" -> {
                synchronized (lease) {
                    if (lease.get("credentialFetched").asBoolean()) {
                        return Answer.error(409, "credential_already_fetched", "the credential was already handed out");
                    }
                    lease.put("credentialFetched", true);
                }
                ObjectNode c = MAPPER.createObjectNode();
                c.put("user", m.group(1)).put("password", PASSWORD).put("host", "127.0.0.1").put("port", 6432)
                        .put("database", "clinic").put("sslmode", "require");
                return new Answer(200, c.toString());
            }
            case "/sessions" -> {
                return new Answer(200, "{\"sessions\": [{\"id\": \"session-1\", \"leaseId\": \"" + m.group(1)
                        + "\", \"openedAt\": \"2026-11-29T10:01:00Z\", \"closedAt\": null,"
                        + " \"client\": \"127.0.0.1:50000\", \"node\": \"node-a\"}]}");
            }
            case "/approve", "/deny", "/revoke", "/end" -> {
                String state = switch (action) {
                    case "/approve" -> "APPROVED";
                    case "/deny" -> "DENIED";
                    default -> "ENDED";
                };
                decide(m.group(1), state, switch (action) {
                    case "/revoke" -> "REVOKED";
                    case "/end" -> "COMPLETED";
                    default -> null;
                }, r.body().isEmpty() ? null : r.json().path("reason").asText(null));
                return new Answer(200, lease.toString());
            }
            default -> {
                return Answer.error(404, "not_found", "no such path");
            }
        }
    }

    /** Waits (at most the requested timeout) until the version differs from waitForChangeFrom. */
    private static ObjectNode longPoll(ObjectNode lease, String query) throws InterruptedException {
        if (query == null || !query.contains("waitForChangeFrom=")) {
            return lease;
        }
        long from = Long.parseLong(query.replaceAll(".*waitForChangeFrom=(\\d+).*", "$1"));
        long seconds = Long.parseLong(query.replaceAll(".*timeout=(\\d+)s.*", "$1"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (lease) {
            while (lease.get("version").asLong() == from) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                lease.wait(left);
            }
            return lease.deepCopy();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
