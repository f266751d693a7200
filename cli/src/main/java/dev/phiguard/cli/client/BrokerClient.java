package dev.phiguard.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every call of the broker's HTTP API (docs/api.md), on {@link HttpClient} and Jackson. Calls below {@code /v1}
 * carry the bearer token; failures become a {@link BrokerException} with the API's error code, or a
 * {@link BrokerUnreachableException} when the broker does not answer. Neither the token nor a password ever
 * reaches an exception message.
 */
public final class BrokerClient {
    /** Upper bound of one long-poll, as the API caps it. */
    public static final Duration MAX_LONG_POLL = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LONG_POLL_MARGIN = Duration.ofSeconds(15);
    /** Verifying or exporting a large audit log, or downloading a recording, takes longer than a JSON call. */
    private static final Duration SLOW_CALL_TIMEOUT = Duration.ofMinutes(30);

    private final URI base;
    private final Optional<BearerToken> token;
    private final HttpClient http;
    private final ObjectMapper json;

    /**
     * @param base  the broker's address, e.g. {@code http://127.0.0.1:8420}
     * @param token the caller's token; empty for the calls that need none ({@link #issueToken})
     */
    public BrokerClient(URI base, Optional<BearerToken> token) {
        this(base, token, HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // plain JSON calls: no h2c upgrade dance with the server
                .connectTimeout(Duration.ofSeconds(10))
                .build());
    }

    BrokerClient(URI base, Optional<BearerToken> token, HttpClient http) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.token = token;
        this.http = http;
        this.json = mapper();
    }

    /** The JSON mapper of the API: unknown fields and enum values of answers are tolerated. */
    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE);
    }

    /** The broker's address, for messages. */
    public URI base() {
        return base;
    }

    /** {@code POST /v1/leases}. */
    public Lease requestLease(LeaseRequest request) {
        return send("POST", "/v1/leases", request, CALL_TIMEOUT, Lease.class);
    }

    /** {@code GET /v1/leases?...}, newest first. */
    public List<Lease> leases(LeaseFilter filter) {
        List<String> query = new ArrayList<>();
        filter.state().ifPresent(s -> query.add("state=" + s.name()));
        filter.purpose().ifPresent(p -> query.add("purpose=" + encode(p)));
        filter.requester().ifPresent(r -> query.add("requester=" + encode(r)));
        query.add("limit=" + filter.limit());
        return send("GET", "/v1/leases?" + String.join("&", query), null, CALL_TIMEOUT, LeaseList.class).leases();
    }

    /** {@code GET /v1/leases/{id}}. */
    public Lease lease(String id) {
        return send("GET", leasePath(id), null, CALL_TIMEOUT, Lease.class);
    }

    /**
     * {@code GET /v1/leases/{id}?waitForChangeFrom=VERSION&timeout=...}: the lease as soon as its version differs
     * from {@code version}, or unchanged after {@code timeout} (capped at {@link #MAX_LONG_POLL}).
     */
    public Lease awaitChange(String id, long version, Duration timeout) {
        long seconds = Math.max(1, Math.min(timeout.toSeconds(), MAX_LONG_POLL.toSeconds()));
        String path = leasePath(id) + "?waitForChangeFrom=" + version + "&timeout=" + seconds + "s";
        return send("GET", path, null, Duration.ofSeconds(seconds).plus(LONG_POLL_MARGIN), Lease.class);
    }

    /** {@code POST /v1/leases/{id}/approve}. */
    public Lease approve(String id, Optional<String> reason) {
        return send("POST", leasePath(id) + "/approve", reasonBody(reason), CALL_TIMEOUT, Lease.class);
    }

    /** {@code POST /v1/leases/{id}/deny}; the reason is required. */
    public Lease deny(String id, String reason) {
        return send("POST", leasePath(id) + "/deny", Map.of("reason", reason), CALL_TIMEOUT, Lease.class);
    }

    /** {@code POST /v1/leases/{id}/revoke}. */
    public Lease revoke(String id, Optional<String> reason) {
        return send("POST", leasePath(id) + "/revoke", reasonBody(reason), CALL_TIMEOUT, Lease.class);
    }

    /** {@code POST /v1/leases/{id}/end}: the requester ends their own lease. */
    public Lease end(String id) {
        return send("POST", leasePath(id) + "/end", null, CALL_TIMEOUT, Lease.class);
    }

    /** {@code POST /v1/leases/{id}/credential}: the one-time credential (a second call fails). */
    public DatabaseCredential fetchCredential(String id) {
        return send("POST", leasePath(id) + "/credential", null, CALL_TIMEOUT, DatabaseCredential.class);
    }

    /** {@code GET /v1/leases/{id}/sessions}. */
    public List<SessionInfo> sessions(String leaseId) {
        return send("GET", leasePath(leaseId) + "/sessions", null, CALL_TIMEOUT, SessionList.class).sessions();
    }

    /** {@code GET /v1/audit?...}: events of the audit log, in sequence order. */
    public List<AuditEntry> audit(AuditSearch search) {
        List<String> query = new ArrayList<>();
        search.lease().ifPresent(v -> query.add("lease=" + encode(v)));
        search.subject().ifPresent(v -> query.add("subject=" + encode(v)));
        search.purpose().ifPresent(v -> query.add("purpose=" + encode(v)));
        search.type().ifPresent(v -> query.add("type=" + encode(v)));
        search.since().ifPresent(v -> query.add("since=" + encode(v)));
        search.until().ifPresent(v -> query.add("until=" + encode(v)));
        query.add("limit=" + search.limit());
        return send("GET", "/v1/audit?" + String.join("&", query), null, CALL_TIMEOUT, AuditList.class).events();
    }

    /** {@code GET /v1/audit/verify}, optionally checking that the chain passes through an anchored head. */
    public AuditVerification verifyAudit(Optional<String> anchor) {
        String path = "/v1/audit/verify" + anchor.map(a -> "?anchor=" + encode(a)).orElse("");
        return send("GET", path, null, SLOW_CALL_TIMEOUT, AuditVerification.class);
    }

    /**
     * {@code GET /v1/audit/who-accessed}: the sessions whose statements returned the record {@code rawKey} of
     * {@code table}. The key travels in the query string of this one call only, and is in no message of this client.
     */
    public List<RecordAccess> whoAccessed(String table, String rawKey) {
        return send("GET", "/v1/audit/who-accessed?table=" + encode(table) + "&key=" + encode(rawKey), null,
                CALL_TIMEOUT, AccessList.class).accesses();
    }

    /** {@code GET /v1/audit/export}: copies the JSON lines to {@code out} as they arrive; returns the bytes copied. */
    public long exportAudit(OutputStream out) {
        return download("/v1/audit/export", "application/x-ndjson", out);
    }

    /**
     * {@code GET /v1/sessions/{id}/recording?offset=N}: copies the recording file from byte {@code offset} on to
     * {@code out} as it arrives; returns the bytes copied (0 when the file has no more yet).
     */
    public long downloadRecording(String sessionId, long offset, OutputStream out) {
        return download("/v1/sessions/" + encode(sessionId) + "/recording" + (offset > 0 ? "?offset=" + offset : ""),
                "application/octet-stream", out);
    }

    /** {@code GET /v1/recordings/public-key}: the PEM of the key that verifies recordings. */
    public String recordingPublicKey() {
        ByteArrayOutputStream pem = new ByteArrayOutputStream();
        download("/v1/recordings/public-key", "application/x-pem-file", pem);
        return pem.toString(StandardCharsets.US_ASCII);
    }

    /** {@code GET /v1/whoami}. */
    public Identity whoami() {
        return send("GET", "/v1/whoami", null, CALL_TIMEOUT, Identity.class);
    }

    /**
     * {@code POST /v1/tokens}: a development token. A broker without its development issuer has no such path;
     * that answer becomes a {@link BrokerException} with code {@code not_development}.
     */
    public BearerToken issueToken(TokenRequest request) {
        try {
            return BearerToken.of(send("POST", "/v1/tokens", request, CALL_TIMEOUT, TokenAnswer.class).token());
        } catch (BrokerException e) {
            if (e.status() == 404 || e.status() == 405) {
                throw new BrokerException(e.status(), "not_development", "the broker at " + base
                        + " does not issue development tokens: it is not running its development issuer"
                        + " (use a token of your CI platform or identity provider)");
            }
            throw e;
        }
    }

    /** The token itself, for {@code phiguard token issue} to print: its only legitimate way out. */
    public static String reveal(BearerToken token) {
        return token.value();
    }

    private static Object reasonBody(Optional<String> reason) {
        return reason.<Object>map(r -> Map.of("reason", r)).orElse(Map.of());
    }

    private static String leasePath(String id) {
        return "/v1/leases/" + encode(id);
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private <T> T send(String method, String path, Object body, Duration timeout, Class<T> answer) {
        URI uri = URI.create(base + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t.value()));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json; charset=utf-8");
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(write(body)));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new BrokerUnreachableException(base, "connection timed out", e);
        } catch (HttpTimeoutException e) {
            throw new BrokerUnreachableException(base, "no answer within " + timeout.toSeconds() + "s", e);
        } catch (ConnectException e) {
            throw new BrokerUnreachableException(base, unresolved(e) ? "unknown host" : "connection refused", e);
        } catch (IOException e) {
            throw new BrokerUnreachableException(base, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnreachableException(base, "interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw error(response);
        }
        try {
            return json.readValue(response.body(), answer);
        } catch (IOException e) {
            throw new BrokerException(response.statusCode(), "bad_answer",
                    "the broker at " + base + " answered " + path.replaceFirst("\\?.*", "")
                            + " with JSON this client does not understand");
        }
    }

    private long download(String path, String accept, OutputStream out) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(SLOW_CALL_TIMEOUT)
                .header("Accept", accept)
                .GET();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t.value()));
        HttpResponse<InputStream> response = exchange(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw error(response.statusCode(), in.readNBytes(64 * 1024));
            }
            return in.transferTo(out);
        } catch (IOException e) {
            throw new BrokerUnreachableException(base, "the answer to " + path.replaceFirst("\\?.*", "")
                    + " was cut short (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private <B> HttpResponse<B> exchange(HttpRequest request, HttpResponse.BodyHandler<B> handler) {
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw new BrokerUnreachableException(base, "connection timed out", e);
        } catch (HttpTimeoutException e) {
            throw new BrokerUnreachableException(base, "no answer in time", e);
        } catch (ConnectException e) {
            throw new BrokerUnreachableException(base, unresolved(e) ? "unknown host" : "connection refused", e);
        } catch (IOException e) {
            throw new BrokerUnreachableException(base, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnreachableException(base, "interrupted", e);
        }
    }

    private static boolean unresolved(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    private BrokerException error(HttpResponse<byte[]> response) {
        return error(response.statusCode(), response.body());
    }

    private BrokerException error(int status, byte[] body) {
        try {
            JsonNode error = json.readTree(body).path("error");
            if (error.hasNonNull("code")) {
                return new BrokerException(status, error.get("code").asText(),
                        error.path("message").asText(error.get("code").asText()));
            }
        } catch (IOException | RuntimeException e) {
            // not the API's error object: fall through to the status alone
        }
        return new BrokerException(status, "http_" + status, "the broker at " + base + " answered HTTP " + status);
    }

    private byte[] write(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request body of type " + body.getClass().getSimpleName());
        }
    }

    private record SessionList(List<SessionInfo> sessions) {
        SessionList {
            sessions = sessions == null ? List.of() : List.copyOf(sessions);
        }
    }

    private record TokenAnswer(String token) {}

    private record AuditList(List<AuditEntry> events) {
        AuditList {
            events = events == null ? List.of() : List.copyOf(events);
        }
    }

    private record AccessList(List<RecordAccess> accesses) {
        AccessList {
            accesses = accesses == null ? List.of() : List.copyOf(accesses);
        }
    }
}
