package dev.phiguard.bench.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The four calls of the broker's HTTP API (docs/api.md) that one lease cycle makes: request a lease, fetch its
 * one-time credential, and end or revoke it. One instance (one {@link HttpClient}, HTTP/1.1 with kept-alive
 * connections) serves every worker of {@link LeaseChurn}. The bearer token goes only into the Authorization header;
 * an error names the call and the API's error code, never the token or a password.
 */
final class LeaseApi {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String authorization;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    LeaseApi(URI base, String token) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.authorization = "Bearer " + token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A lease granted on request, as a policy that needs no approval grants it. */
    record Granted(String id, String state) {
    }

    /** {@code POST /v1/leases}; fails unless the lease is APPROVED at once (the policy must need no reviewer). */
    Granted request(String purpose, String ttl) throws IOException, InterruptedException {
        JsonNode lease = call("POST", "/v1/leases", Map.of("purpose", purpose, "ttl", ttl, "reason", "lease churn"),
                201);
        Granted granted = new Granted(lease.path("id").asText(), lease.path("state").asText());
        if (!granted.state().equals("APPROVED")) {
            throw new IOException("lease for purpose " + purpose + " is " + granted.state()
                    + " on request, not APPROVED: its policy must have approval: {required: 0}");
        }
        return granted;
    }

    /** {@code POST /v1/leases/{id}/credential}: the one-time credential, as connection details. */
    PgEnv credential(String id) throws IOException, InterruptedException {
        JsonNode c = call("POST", "/v1/leases/" + id + "/credential", null, 200);
        return new PgEnv(c.path("host").asText(), c.path("port").asInt(), c.path("user").asText(),
                c.path("database").asText(), c.path("password").asText());
    }

    /** {@code POST /v1/leases/{id}/revoke} or {@code .../end}, as {@code finish} says. */
    void finish(String id, Finish finish) throws IOException, InterruptedException {
        call("POST", "/v1/leases/" + id + "/" + finish.path, Map.of(), 200);
    }

    /** How a cycle ends its lease: the requester revokes it, or ends it as completed. */
    enum Finish {
        REVOKE("revoke"), END("end");

        private final String path;

        Finish(String path) {
            this.path = path;
        }
    }

    private JsonNode call(String method, String path, Object body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(CALL_TIMEOUT)
                .header("Accept", "application/json").header("Authorization", authorization);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != expected) {
            String code;
            try {
                code = json.readTree(response.body()).path("error").path("code").asText("none");
            } catch (IOException e) {
                code = "none";
            }
            throw new IOException(method + " " + path.replaceFirst("/leases/[^/]+", "/leases/{id}") + " answered HTTP "
                    + response.statusCode() + " (error code " + code + ")");
        }
        return json.readTree(response.body());
    }
}
