package dev.phiguard.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Contract tests: the client against the JSON of docs/api.md, served by {@link FakeBroker}. They show the
 * client sends what the contract asks and reads what it promises; the end-to-end test against the real broker
 * comes with the merge.
 */
class BrokerClientContractTest {
    private final FakeBroker broker = new FakeBroker();
    private final BrokerClient client = new BrokerClient(broker.url(), Optional.of(BearerToken.of(FakeBroker.TOKEN)));

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void requestsALeaseWithTheDocumentedBodyAndBearerToken() {
        Lease lease = client.requestLease(new LeaseRequest("study-42", "PT30M", "nightly extract"));

        FakeBroker.Received sent = broker.received("POST", "/v1/leases").get(0);
        assertThat(sent.authorization()).isEqualTo("Bearer " + FakeBroker.TOKEN);
        assertThat(sent.json().properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("purpose", "ttl", "reason");
        assertThat(sent.json().get("ttl").asText()).isEqualTo("PT30M");
        assertThat(lease.state()).isEqualTo(LeaseState.PENDING);
        assertThat(lease.purpose()).isEqualTo("study-42");
        assertThat(lease.requester().subject()).isEqualTo("ci-bot");
        assertThat(lease.requester().claims()).containsEntry("run_id", "42");
        assertThat(lease.ciRun()).startsWith("acme/etl run 42");
        assertThat(lease.approvalGroups()).containsExactly("reviewers");
        assertThat(lease.expiresAt()).isEqualTo("2026-11-29T10:30:05Z");
    }

    @Test
    void leavesOptionalFieldsOutOfTheRequest() {
        client.requestLease(new LeaseRequest("study-42", null, null));
        assertThat(broker.received("POST", "/v1/leases").get(0).json().properties()).extracting(Map.Entry::getKey)
                .containsExactly("purpose");
    }

    @Test
    void listsWithTheDocumentedQuery() {
        broker.addLease("lease-a", "PENDING");
        List<Lease> leases = client.leases(new LeaseFilter(Optional.of(LeaseState.PENDING), Optional.of("study 42"),
                Optional.of("ci-bot"), 10));
        assertThat(leases).extracting(Lease::id).containsExactly("lease-a");
        assertThat(broker.received("GET", "/v1/leases").get(0).query())
                .isEqualTo("state=PENDING&purpose=study%2042&requester=ci-bot&limit=10");
    }

    @Test
    void longPollAsksForTheVersionAndATimeoutOfAtMostSixtySeconds() {
        broker.addLease("lease-a", "PENDING");
        Thread reviewer = new Thread(() -> {
            org.awaitility.Awaitility.await().until(() -> !broker.received("GET", "/v1/leases/lease-a").isEmpty());
            broker.decide("lease-a", "APPROVED", null, null);
        });
        reviewer.start();
        Lease lease = client.awaitChange("lease-a", 1, Duration.ofMinutes(5));
        assertThat(lease.state()).isEqualTo(LeaseState.APPROVED);
        assertThat(lease.version()).isEqualTo(2);
        assertThat(broker.received("GET", "/v1/leases/lease-a").get(0).query())
                .isEqualTo("waitForChangeFrom=1&timeout=60s");
    }

    @Test
    void decisionsPostToTheirPathsWithTheReason() {
        broker.addLease("lease-a", "PENDING");
        assertThat(client.approve("lease-a", Optional.of("ok")).state()).isEqualTo(LeaseState.APPROVED);
        assertThat(client.revoke("lease-a", Optional.empty()).endReason()).isEqualTo("REVOKED");
        broker.addLease("lease-b", "PENDING");
        assertThat(client.deny("lease-b", "not this week").ending().reason()).isEqualTo("not this week");
        broker.addLease("lease-c", "ACTIVE");
        assertThat(client.end("lease-c").endReason()).isEqualTo("COMPLETED");

        assertThat(broker.received("POST", "/v1/leases/lease-a/approve").get(0).json().get("reason").asText())
                .isEqualTo("ok");
        assertThat(broker.received("POST", "/v1/leases/lease-a/revoke").get(0).body()).isEqualTo("{}");
        assertThat(broker.received("POST", "/v1/leases/lease-b/deny").get(0).json().get("reason").asText())
                .isEqualTo("not this week");
    }

    @Test
    void fetchesTheCredentialOnceAndNeverShowsThePassword() {
        broker.addLease("lease-a", "APPROVED");
        DatabaseCredential credential = client.fetchCredential("lease-a");
        assertThat(credential.password()).isEqualTo(FakeBroker.PASSWORD);
        assertThat(credential.port()).isEqualTo(6432);
        assertThat(credential.sslmode()).isEqualTo("require");
        assertThat(credential.toString()).doesNotContain(FakeBroker.PASSWORD).contains("password=***");

        assertThatThrownBy(() -> client.fetchCredential("lease-a"))
                .isInstanceOfSatisfying(BrokerException.class, e -> {
                    assertThat(e.code()).isEqualTo("credential_already_fetched");
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.getMessage()).doesNotContain(FakeBroker.PASSWORD, FakeBroker.TOKEN);
                });
    }

    @Test
    void readsSessionsAndWhoami() {
        broker.addLease("lease-a", "ACTIVE");
        assertThat(client.sessions("lease-a")).singleElement()
                .satisfies(s -> {
                    assertThat(s.id()).isEqualTo("session-1");
                    assertThat(s.closedAt()).isNull();
                });
        Identity me = client.whoami();
        assertThat(me.subject()).isEqualTo("ci-bot");
        assertThat(me.groups()).containsExactly("ci");
        assertThat(me.ciRun()).isEqualTo("acme/etl run 42");
    }

    @Test
    void issuesDevelopmentTokensWithoutABearerToken() {
        BrokerClient anonymous = new BrokerClient(broker.url(), Optional.empty());
        BearerToken token = anonymous.issueToken(new TokenRequest("ci-bot", List.of("ci"), Map.of("run_id", "42"),
                "PT1H"));
        assertThat(BrokerClient.reveal(token)).isEqualTo(FakeBroker.TOKEN);
        assertThat(token.toString()).doesNotContain(FakeBroker.TOKEN);
        FakeBroker.Received sent = broker.received("POST", "/v1/tokens").get(0);
        assertThat(sent.authorization()).isNull();
        assertThat(sent.json().get("groups").get(0).asText()).isEqualTo("ci");
        assertThat(sent.json().get("claims").get("run_id").asText()).isEqualTo("42");
    }

    @Test
    void aBrokerWithoutDevelopmentIssuerSaysSo() {
        broker.withoutDevelopmentIssuer();
        BrokerClient anonymous = new BrokerClient(broker.url(), Optional.empty());
        assertThatThrownBy(() -> anonymous.issueToken(new TokenRequest("x", List.of(), Map.of(), null)))
                .isInstanceOfSatisfying(BrokerException.class, e -> assertThat(e.code()).isEqualTo("not_development"))
                .hasMessageContaining("does not issue development tokens");
    }

    @Test
    void errorsCarryTheApiCodeAndMessage() {
        broker.addLease("lease-a", "PENDING");
        broker.override("POST", "/v1/leases/lease-a/approve",
                r -> FakeBroker.Answer.error(403, "self_approval", "ci-bot cannot approve lease-a: they requested it"));
        assertThatThrownBy(() -> client.approve("lease-a", Optional.empty()))
                .isInstanceOfSatisfying(BrokerException.class, e -> {
                    assertThat(e.code()).isEqualTo("self_approval");
                    assertThat(e.isRefusal()).isTrue();
                })
                .hasMessage("ci-bot cannot approve lease-a: they requested it");
    }

    @Test
    void aWrongTokenIsUnauthenticatedAndNotEchoed() {
        BrokerClient wrong = new BrokerClient(broker.url(), Optional.of(BearerToken.of("wrong-token-value")));
        assertThatThrownBy(wrong::whoami)
                .isInstanceOfSatisfying(BrokerException.class, e -> assertThat(e.code()).isEqualTo("unauthenticated"))
                .message().doesNotContain("wrong-token-value");
    }

    @Test
    void anAnswerWithoutErrorObjectKeepsItsStatus() {
        broker.override("GET", "/v1/whoami", r -> new FakeBroker.Answer(502, "<html>bad gateway</html>"));
        assertThatThrownBy(client::whoami)
                .isInstanceOfSatisfying(BrokerException.class, e -> assertThat(e.code()).isEqualTo("http_502"))
                .hasMessageContaining("answered HTTP 502");
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        BrokerClient closed = new BrokerClient(URI.create("http://127.0.0.1:" + port),
                Optional.of(BearerToken.of(FakeBroker.TOKEN)));
        assertThatThrownBy(closed::whoami).isInstanceOf(BrokerUnreachableException.class)
                .hasMessage("cannot reach the broker at http://127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void anUnknownHostIsUnreachable() {
        BrokerClient nowhere = new BrokerClient(URI.create("http://no-such-host.invalid:8420"),
                Optional.of(BearerToken.of(FakeBroker.TOKEN)));
        assertThatThrownBy(nowhere::whoami).isInstanceOf(BrokerUnreachableException.class)
                .hasMessageStartingWith("cannot reach the broker at http://no-such-host.invalid:8420")
                .message().doesNotContain(FakeBroker.TOKEN);
    }

    @Test
    void unknownFieldsAndStatesOfAnswersAreTolerated() {
        broker.override("GET", "/v1/leases/lease-x", r -> new FakeBroker.Answer(200,
                "{\"id\": \"lease-x\", \"version\": 1, \"state\": \"HIBERNATING\", \"newField\": 1}"));
        Lease lease = client.lease("lease-x");
        assertThat(lease.state()).isEqualTo(LeaseState.UNKNOWN);
        assertThat(lease.approvals()).isEmpty();

        broker.override("GET", "/v1/whoami", r -> new FakeBroker.Answer(200, "{\"issuer\": \"gitlab\","
                + " \"subject\": \"project_path:acme/etl\", \"groups\": [], \"claims\": {\"pipeline_id\": 42,"
                + " \"environment\": null}, \"ciRun\": null}"));
        Identity me = client.whoami();
        assertThat(me.claims()).containsEntry("pipeline_id", 42).containsEntry("environment", null);
    }
}
