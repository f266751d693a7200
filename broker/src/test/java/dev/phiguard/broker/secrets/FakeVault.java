package dev.phiguard.broker.secrets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP server on 127.0.0.1 that answers the parts of Vault's documented HTTP API that phiguard uses, with the
 * documented response shapes: KV v2 read ({@code GET /v1/<mount>/data/<path>}), database credentials
 * ({@code GET /v1/<mount>/creds/<role>}), lease renewal and revocation ({@code PUT|POST /v1/sys/leases/renew[/<id>]},
 * {@code /v1/sys/leases/revoke}), AppRole login ({@code POST /v1/auth/approle/login}), token renewal and lookup
 * ({@code /v1/auth/token/renew-self}, {@code lookup-self}). Requests without a known token get 403 with
 * {@code {"errors":["permission denied"]}}, as Vault answers. Every request is recorded; any path can be made to fail.
 */
public final class FakeVault implements AutoCloseable {

    /** One request as the server saw it. */
    public record Request(String method, String path, String token, String namespace, Map<String, Object> body) {
    }

    private record Reply(int status, Object body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, Object>> kv = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> kvVersions = new ConcurrentHashMap<>();
    private final Map<String, Long> databaseRoles = new ConcurrentHashMap<>();
    private final Map<String, Long> liveLeases = new ConcurrentHashMap<>();
    private final Map<String, String> issuedPasswords = new ConcurrentHashMap<>();
    private final Map<String, Reply> failures = new ConcurrentHashMap<>();
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile String roleId;
    private volatile String secretId;
    private volatile long tokenTtl;
    private volatile boolean tokenRenewable;
    private volatile boolean refuseRenewSelf;

    public FakeVault() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "fake-vault");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    public URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A token Vault accepts, with its TTL (0: never expires, as a root token) and renewability. */
    public FakeVault token(String token, long ttlSeconds, boolean renewable) {
        tokens.add(token);
        tokenTtl = ttlSeconds;
        tokenRenewable = renewable;
        return this;
    }

    /** Forgets a token: requests with it are refused with 403 from now on (it expired, or was revoked). */
    public void expireToken(String token) {
        tokens.remove(token);
    }

    /** The AppRole credentials that {@code auth/approle/login} accepts; each login issues a new token. */
    public FakeVault appRole(String roleId, String secretId, long tokenTtlSeconds) {
        this.roleId = roleId;
        this.secretId = secretId;
        this.tokenTtl = tokenTtlSeconds;
        this.tokenRenewable = true;
        return this;
    }

    /** Stores a KV v2 secret (a new version each call). */
    public FakeVault kvSecret(String mount, String path, Map<String, Object> data) {
        String key = mount + "/data/" + path;
        kv.put(key, new LinkedHashMap<>(data));
        kvVersions.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return this;
    }

    /** A database engine role whose credentials last {@code leaseSeconds}. */
    public FakeVault databaseRole(String mount, String role, long leaseSeconds) {
        databaseRoles.put(mount + "/creds/" + role, leaseSeconds);
        return this;
    }

    public void refuseTokenRenewal() {
        refuseRenewSelf = true;
    }

    /** Answers {@code method path} with this status and {@code {"errors":[...]}} from now on. */
    public void fail(String method, String path, int status, String... errors) {
        failures.put(method + " " + path, new Reply(status, Map.of("errors", List.of(errors))));
    }

    public void heal(String method, String path) {
        failures.remove(method + " " + path);
    }

    /** Holds every request until {@link #open()}. */
    public void hold() {
        gate.set(new CountDownLatch(1));
    }

    public void open() {
        CountDownLatch latch = gate.getAndSet(null);
        if (latch != null) {
            latch.countDown();
        }
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    public List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    public long count(String pathPrefix) {
        return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).count();
    }

    /** Vault's lease ids that are issued and not revoked. */
    public Set<String> liveLeases() {
        return Set.copyOf(liveLeases.keySet());
    }

    /** Every password this server handed out (to scan logs and messages for). */
    public List<String> issuedPasswords() {
        return List.copyOf(issuedPasswords.values());
    }

    @Override
    public void close() {
        open();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
            Map<String, Object> body = readBody(exchange.getRequestBody());
            requests.add(new Request(method, path, token,
                    exchange.getRequestHeaders().getFirst("X-Vault-Namespace"), body));
            CountDownLatch latch = gate.get();
            if (latch != null && !latch.await(60, TimeUnit.SECONDS)) {
                throw new IOException("held too long");
            }
            Reply reply = failures.get(method + " " + path);
            if (reply == null) {
                reply = route(method, path, token, body);
            }
            send(exchange, reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        }
    }

    private Reply route(String method, String path, String token, Map<String, Object> body) {
        boolean write = method.equals("PUT") || method.equals("POST");
        if (write && path.equals("/v1/auth/approle/login")) {
            return appRoleLogin(body);
        }
        if (token == null || !tokens.contains(token)) {
            return errors(403, "permission denied");
        }
        if (method.equals("GET") && path.equals("/v1/auth/token/lookup-self")) {
            return new Reply(200, envelope("data", Map.of("id", token, "ttl", tokenTtl, "renewable", tokenRenewable,
                    "policies", List.of("default", "phiguard"))));
        }
        if (write && path.equals("/v1/auth/token/renew-self")) {
            if (refuseRenewSelf || !tokenRenewable) {
                return errors(400, "lease is not renewable");
            }
            return new Reply(200, envelope("auth", authBlock(token)));
        }
        if (write && path.startsWith("/v1/sys/leases/renew")) {
            String id = path.length() > "/v1/sys/leases/renew/".length()
                    ? path.substring("/v1/sys/leases/renew/".length()) : String.valueOf(body.get("lease_id"));
            Long duration = liveLeases.get(id);
            if (duration == null) {
                return errors(400, "lease not found");
            }
            return new Reply(200, Map.of("lease_id", id, "renewable", true, "lease_duration", duration));
        }
        if (write && path.equals("/v1/sys/leases/revoke")) {
            liveLeases.remove(String.valueOf(body.get("lease_id")));
            return new Reply(204, null);
        }
        if (method.equals("GET")) {
            String key = path.substring("/v1/".length());
            Map<String, Object> secret = kv.get(key);
            if (secret != null) {
                return kvRead(key, secret);
            }
            Long duration = databaseRoles.get(key);
            if (duration != null) {
                return databaseCredentials(key, duration);
            }
        }
        return errors(404);
    }

    private Reply appRoleLogin(Map<String, Object> body) {
        if (roleId == null || !roleId.equals(body.get("role_id")) || !secretId.equals(body.get("secret_id"))) {
            return errors(400, "invalid role or secret ID");
        }
        String token = "hvs.approle-" + UUID.randomUUID();
        tokens.add(token);
        return new Reply(200, envelope("auth", authBlock(token)));
    }

    private Map<String, Object> authBlock(String token) {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("client_token", token);
        auth.put("accessor", "accessor-" + token.hashCode());
        auth.put("policies", List.of("default", "phiguard"));
        auth.put("token_policies", List.of("default", "phiguard"));
        auth.put("metadata", Map.of("role_name", "phiguard"));
        auth.put("lease_duration", tokenTtl);
        auth.put("renewable", tokenRenewable);
        return auth;
    }

    private Reply kvRead(String key, Map<String, Object> secret) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("created_time", "2026-11-29T06:00:00.000000Z");
        metadata.put("custom_metadata", null);
        metadata.put("deletion_time", "");
        metadata.put("destroyed", false);
        metadata.put("version", kvVersions.get(key).get());
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("request_id", UUID.randomUUID().toString());
        envelope.put("lease_id", "");
        envelope.put("renewable", false);
        envelope.put("lease_duration", 0);
        envelope.put("data", Map.of("data", secret, "metadata", metadata));
        envelope.put("wrap_info", null);
        envelope.put("warnings", null);
        envelope.put("auth", null);
        return new Reply(200, envelope);
    }

    private Reply databaseCredentials(String key, long duration) {
        int n = issued.incrementAndGet();
        String leaseId = key + "/" + UUID.randomUUID();
        String password = "A1a-" + UUID.randomUUID();
        liveLeases.put(leaseId, duration);
        issuedPasswords.put(leaseId, password);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("request_id", UUID.randomUUID().toString());
        envelope.put("lease_id", leaseId);
        envelope.put("renewable", true);
        envelope.put("lease_duration", duration);
        envelope.put("data", Map.of("username", "v-approle-readonly-" + n, "password", password));
        envelope.put("wrap_info", null);
        envelope.put("warnings", null);
        envelope.put("auth", null);
        return new Reply(200, envelope);
    }

    /** Vault's response envelope, every field present as Vault sends it, with one block filled in. */
    private static Map<String, Object> envelope(String block, Object content) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("request_id", UUID.randomUUID().toString());
        envelope.put("lease_id", "");
        envelope.put("renewable", false);
        envelope.put("lease_duration", 0);
        envelope.put("data", null);
        envelope.put("wrap_info", null);
        envelope.put("warnings", null);
        envelope.put("auth", null);
        envelope.put(block, content);
        return envelope;
    }

    private static Reply errors(int status, String... errors) {
        return new Reply(status, Map.of("errors", List.of(errors)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readBody(InputStream in) throws IOException {
        byte[] bytes = in.readAllBytes();
        if (bytes.length == 0) {
            return Map.of();
        }
        try {
            return JSON.readValue(bytes, Map.class);
        } catch (IOException e) {
            return Map.of("_raw", new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.body() == null) {
            exchange.sendResponseHeaders(reply.status(), -1);
            exchange.close();
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
