package dev.phiguard.broker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.phiguard.broker.http.ApiFixture.Answer;
import dev.phiguard.broker.identity.DevelopmentIssuer;
import dev.phiguard.broker.lease.SessionAdmission;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /v1 API over real HTTP with real JWTs, on an embedded store. */
class BrokerApiTest {

    @TempDir
    Path data;
    ApiFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ApiFixture(data);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void theWholeLifecycleOverHttp() {
        String ciBot = fixture.ciBot();
        Answer created = fixture.post("/v1/leases", ciBot,
                "{\"purpose\": \"study-42\", \"ttl\": \"45m\", \"reason\": \"nightly extract\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("state").asText()).isEqualTo("PENDING");
        assertThat(created.body().get("ttl").asText()).isEqualTo("PT45M");
        assertThat(created.body().get("requester").get("subject").asText()).isEqualTo("ci-bot");
        String id = created.body().get("id").asText();

        Answer shown = fixture.get("/v1/leases/" + id, fixture.alice());
        assertThat(shown.status()).isEqualTo(200);
        Answer approved = fixture.post("/v1/leases/" + id + "/approve", fixture.alice(),
                "{\"reason\": \"ok\", \"requestHash\": \"" + shown.body().get("requestHash").asText() + "\"}");
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.body().get("state").asText()).isEqualTo("APPROVED");
        assertThat(approved.body().get("approvals").get(0).get("approver").get("subject").asText())
                .isEqualTo("alice");

        Answer credential = fixture.post("/v1/leases/" + id + "/credential", ciBot, null);
        assertThat(credential.status()).isEqualTo(200);
        String password = credential.body().get("password").asText();
        assertThat(password).hasSize(32);
        assertThat(credential.body().get("user").asText()).isEqualTo(id);
        assertThat(credential.body().get("host").asText()).isEqualTo("proxy.example");
        assertThat(credential.body().get("port").asInt()).isEqualTo(6432);
        assertThat(credential.body().get("sslmode").asText()).isEqualTo("require");

        Answer again = fixture.post("/v1/leases/" + id + "/credential", ciBot, "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("credential_already_fetched");
        assertThat(again.text()).doesNotContain(password);
        assertThat(fixture.get("/v1/leases/" + id, ciBot).text()).doesNotContain(password)
                .contains("\"credentialFetched\":true");

        // the proxy's side
        assertThat(fixture.service.service.admitSession(id, "s-1", "10.1.2.3:5555"))
                .isInstanceOf(SessionAdmission.Admitted.class);
        Answer sessions = fixture.get("/v1/leases/" + id + "/sessions", ciBot);
        assertThat(sessions.body().get("sessions")).hasSize(1);
        assertThat(sessions.body().get("sessions").get(0).get("client").asText()).isEqualTo("10.1.2.3:5555");
        assertThat(sessions.body().get("sessions").get(0).get("closedAt").isNull()).isTrue();
        assertThat(fixture.get("/v1/leases/" + id, ciBot).body().get("state").asText()).isEqualTo("ACTIVE");
        fixture.service.service.sessionClosed(id, "s-1");

        Answer ended = fixture.post("/v1/leases/" + id + "/end", ciBot, null);
        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.body().get("state").asText()).isEqualTo("ENDED");
        assertThat(ended.body().get("endReason").asText()).isEqualTo("COMPLETED");
        assertThat(fixture.get("/v1/leases/" + id + "/sessions", ciBot).body().get("sessions").get(0)
                .get("closedAt").isNull()).isFalse();

        Answer listed = fixture.get("/v1/leases?state=ENDED&purpose=study-42&requester=ci-bot&limit=10", ciBot);
        assertThat(listed.body().get("leases")).hasSize(1);
        assertThat(fixture.get("/v1/leases?state=PENDING", ciBot).body().get("leases")).isEmpty();

        String metrics = fixture.get("/metrics", null).text();
        assertThat(metrics).contains("phiguard_leases{state=\"ENDED\"} 1")
                .contains("phiguard_lease_transitions_total{event=\"Approved\"} 1")
                .contains("phiguard_lease_transitions_total{event=\"CredentialIssued\"} 1")
                .contains("phiguard_http_requests_total{code=\"409\"} 1")
                .doesNotContain(password);
    }

    @Test
    void refusalsLeaveTheLeaseUnchanged() throws Exception {
        // self-approval: a requester who is also a reviewer
        String both = fixture.token("ci-reviewer", "ci", "reviewers");
        String mine = fixture.requestLease(both);
        expectRefused(fixture.post("/v1/leases/" + mine + "/approve", both, null), 403, "self_approval", mine);

        String id = fixture.requestLease(fixture.ciBot());
        // an approver outside the policy's groups
        expectRefused(fixture.post("/v1/leases/" + id + "/approve", fixture.token("mallory", "staff"), null),
                403, "not_an_approver", id);

        // a token from an issuer the broker does not trust
        expectRefused(fixture.post("/v1/leases/" + id + "/approve", foreignToken(), null), 401, "unauthenticated",
                id);
        // an expired token from the trusted issuer
        DevelopmentIssuer past = DevelopmentIssuer.open(data.resolve("issuer"),
                Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC));
        String expired = past.issue("alice", Set.of("reviewers"), Map.of(), Duration.ofHours(1));
        Answer answer = fixture.post("/v1/leases/" + id + "/approve", expired, null);
        expectRefused(answer, 401, "unauthenticated", id);
        assertThat(answer.body().path("error").path("message").asText()).contains("token_expired")
                .doesNotContain(expired);
        // a bad signature: the trusted issuer's token with its signature altered
        String alice = fixture.alice();
        String tampered = alice.substring(0, alice.length() - 6)
                + (alice.charAt(alice.length() - 6) == 'A' ? 'B' : 'A') + alice.substring(alice.length() - 5);
        expectRefused(fixture.post("/v1/leases/" + id + "/approve", tampered, null), 401, "unauthenticated", id);
        // a token for another audience, signed by the trusted key
        DevelopmentIssuer elsewhere = DevelopmentIssuer.open(data.resolve("issuer"), "another-service",
                Clock.systemUTC());
        expectRefused(fixture.post("/v1/leases/" + id + "/approve",
                elsewhere.issue("alice", Set.of("reviewers"), Map.of(), Duration.ofHours(1)), null),
                401, "unauthenticated", id);
        // no token at all
        expectRefused(fixture.post("/v1/leases/" + id + "/approve", null, null), 401, "unauthenticated", id);
        // a denial without a reason, an unknown field
        expectRefused(fixture.post("/v1/leases/" + id + "/deny", fixture.alice(), "{}"), 400, "reason_required", id);
        expectRefused(fixture.post("/v1/leases/" + id + "/approve", fixture.alice(), "{\"reasn\": \"typo\"}"),
                400, "bad_request", id);

        // a TTL above the policy's cap creates nothing
        int before = fixture.get("/v1/leases", fixture.ciBot()).body().get("leases").size();
        Answer tooLong = fixture.post("/v1/leases", fixture.ciBot(), "{\"purpose\": \"study-42\", \"ttl\": \"3h\"}");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.code()).isEqualTo("ttl_above_max");
        assertThat(fixture.get("/v1/leases", fixture.ciBot()).body().get("leases")).hasSize(before);

        // a second credential fetch
        fixture.post("/v1/leases/" + id + "/approve", fixture.alice(), null);
        assertThat(fixture.post("/v1/leases/" + id + "/credential", fixture.ciBot(), null).status()).isEqualTo(200);
        expectRefused(fixture.post("/v1/leases/" + id + "/credential", fixture.ciBot(), null), 409,
                "credential_already_fetched", id);
        // someone else's credential
        expectRefused(fixture.post("/v1/leases/" + id + "/credential", fixture.alice(), null), 403, "not_allowed",
                id);

        // a connection after revocation
        assertThat(fixture.post("/v1/leases/" + id + "/revoke", fixture.alice(), "{\"reason\": \"incident\"}")
                .body().get("endReason").asText()).isEqualTo("REVOKED");
        long revoked = fixture.version(id);
        assertThat(fixture.service.service.admitSession(id, "s-1", "10.0.0.1:1"))
                .isInstanceOf(SessionAdmission.Refused.class);
        assertThat(fixture.version(id)).isEqualTo(revoked);
    }

    private void expectRefused(Answer answer, int status, String code, String leaseId) {
        long version = fixture.version(leaseId);
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.code()).isEqualTo(code);
        assertThat(answer.body().path("error").path("message").asText()).isNotBlank();
        assertThat(fixture.version(leaseId)).isEqualTo(version);
    }

    /** A well-formed ES256 token from an issuer the broker does not know. */
    private static String foreignToken() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("foreign").generate();
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("foreign")
                .type(JOSEObjectType.JWT).build(), new JWTClaimsSet.Builder().issuer("https://unknown.example")
                .subject("alice").audience(DevelopmentIssuer.DEFAULT_AUDIENCE).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600))).claim("groups", List.of("reviewers")).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    @Test
    void aLongPollWaiterIsWokenWithin100msOfTheApprovalAndNotBefore() throws Exception {
        String id = fixture.requestLease(fixture.ciBot());
        AtomicLong answeredAt = new AtomicLong();
        CompletableFuture<Answer> waiter = fixture.callTimed("GET", "/v1/leases/" + id
                + "?waitForChangeFrom=1&timeout=30s", fixture.ciBot(), null, answeredAt);
        await().until(() -> fixture.service.service.waiting() == 1);
        assertThat(waiter).isNotDone();
        assertThat(answeredAt.get()).isZero();

        AtomicLong approvedAt = new AtomicLong();
        Answer approved = fixture.callTimed("POST", "/v1/leases/" + id + "/approve", fixture.alice(), null,
                approvedAt).get(10, TimeUnit.SECONDS);
        assertThat(approved.status()).isEqualTo(200);

        Answer woken = waiter.get(5, TimeUnit.SECONDS);
        assertThat(woken.status()).isEqualTo(200);
        assertThat(woken.body().get("version").asLong()).isEqualTo(2);
        assertThat(woken.body().get("state").asText()).isEqualTo("APPROVED");
        // the bound the issue asks for: from the approve response to the waiter's response (each timed when its
        // status line and headers arrive)
        assertThat(TimeUnit.NANOSECONDS.toMillis(answeredAt.get() - approvedAt.get())).isLessThan(100);
    }

    @Test
    void waitersHoldNoThreadAndTimeOutWithTheUnchangedLease() throws Exception {
        String id = fixture.requestLease(fixture.ciBot());
        List<CompletableFuture<Answer>> waiters = new ArrayList<>();
        for (int i = 0; i < BrokerApi.THREADS * 3; i++) {
            waiters.add(fixture.callAsync("GET", "/v1/leases/" + id + "?waitForChangeFrom=1&timeout=60s",
                    fixture.ciBot()));
        }
        await().until(() -> fixture.service.service.waiting() == BrokerApi.THREADS * 3);
        // more waiters than threads, and the API still answers
        assertThat(fixture.get("/v1/whoami", fixture.ciBot()).body().get("subject").asText()).isEqualTo("ci-bot");
        Answer timedOut = fixture.get("/v1/leases/" + id + "?waitForChangeFrom=1&timeout=1s", fixture.ciBot());
        assertThat(timedOut.status()).isEqualTo(200);
        assertThat(timedOut.body().get("version").asLong()).isEqualTo(1);

        fixture.post("/v1/leases/" + id + "/deny", fixture.alice(), "{\"reason\": \"not this week\"}");
        for (CompletableFuture<Answer> waiter : waiters) {
            assertThat(waiter.get(10, TimeUnit.SECONDS).body().get("state").asText()).isEqualTo("DENIED");
        }
        assertThat(fixture.get("/v1/leases/" + id + "?waitForChangeFrom=1&timeout=61s", fixture.ciBot()).code())
                .isEqualTo("bad_request");
        assertThat(fixture.get("/v1/leases/lease-aaaaaaaaaaaaaaaa?waitForChangeFrom=1", fixture.ciBot()).status())
                .isEqualTo(404);
    }

    @Test
    void healthMetricsTokensAndUnknownRoutes() {
        assertThat(fixture.get("/healthz", null).status()).isEqualTo(200);
        fixture.ready.set(false);
        assertThat(fixture.get("/healthz", null).status()).isEqualTo(503);

        fixture.metrics.registerGauge("phiguard_proxy_sessions", "Live proxy sessions.", () -> 3);
        assertThat(fixture.get("/metrics", null).text()).contains("phiguard_proxy_sessions 3")
                .contains("# TYPE phiguard_leases gauge");

        Answer minted = fixture.post("/v1/tokens", null, "{\"subject\": \"dev\", \"groups\": [\"ci\"],"
                + " \"claims\": {\"repository\": \"acme/etl\"}, \"ttl\": \"10m\"}");
        assertThat(minted.status()).isEqualTo(201);
        Answer whoami = fixture.get("/v1/whoami", minted.body().get("token").asText());
        assertThat(whoami.body().get("subject").asText()).isEqualTo("dev");
        assertThat(whoami.body().get("groups").get(0).asText()).isEqualTo("ci");
        assertThat(whoami.body().get("claims").get("repository").asText()).isEqualTo("acme/etl");

        assertThat(fixture.get("/v1/nothing", fixture.ciBot()).status()).isEqualTo(404);
        assertThat(fixture.call("DELETE", "/v1/leases", fixture.ciBot(), null).code())
                .isEqualTo("method_not_allowed");
        assertThat(fixture.get("/v1/leases?colour=red", fixture.ciBot()).code()).isEqualTo("bad_request");
        assertThat(fixture.get("/v1/leases?state=HAPPY", fixture.ciBot()).code()).isEqualTo("bad_request");
        assertThat(fixture.post("/v1/leases", fixture.ciBot(), "{\"purpose\": \"study-42\"} trailing").code())
                .isEqualTo("bad_request");
        assertThat(fixture.post("/v1/leases", fixture.ciBot(), "{\"purpose\": \"study-99\"}").code())
                .isEqualTo("unknown_purpose");
        assertThat(fixture.post("/v1/leases", fixture.ciBot(), "{\"purpose\": \"study-42\", \"ttl\": \"soon\"}")
                .code()).isEqualTo("bad_request");
        assertThat(fixture.post("/v1/leases", fixture.token("mallory", "staff"), "{\"purpose\": \"study-42\"}")
                .code()).isEqualTo("requester_not_admitted");
    }

    @Test
    void withoutADevelopmentIssuerThereIsNoTokenRoute() throws Exception {
        try (BrokerApi production = new BrokerApi(fixture.service.service, fixture.verifier,
                java.util.Optional.empty(), () -> true, new BrokerMetrics())) {
            var bound = production.start(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            var response = fixture.client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://" + bound.getHostString() + ":" + bound.getPort() + "/v1/tokens"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"subject\": \"x\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void closingTheApiEndsOpenLongPolls() throws Exception {
        String id = fixture.requestLease(fixture.ciBot());
        CompletableFuture<Answer> waiter = fixture.callAsync("GET", "/v1/leases/" + id
                + "?waitForChangeFrom=1&timeout=60s", fixture.ciBot());
        await().until(() -> fixture.service.service.waiting() == 1);
        fixture.api.close();
        // the lease changes after the API closed: nothing is answered, nothing fails on the service's side
        fixture.service.service.approve(dev.phiguard.broker.service.ServiceFixture.ALICE, id,
                java.util.Optional.empty(), java.util.Optional.empty());
        await().until(waiter::isDone);
        assertThat(waiter).isCompletedExceptionally();
        assertThat(fixture.service.service.waiting()).isZero();
    }
}
