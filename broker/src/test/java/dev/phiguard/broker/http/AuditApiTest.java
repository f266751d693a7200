package dev.phiguard.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.phiguard.broker.audit.AuditEvent;
import dev.phiguard.broker.audit.StatementDecision;
import dev.phiguard.broker.http.ApiFixture.Answer;
import dev.phiguard.broker.lease.LeaseState;
import dev.phiguard.broker.lease.Principal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** The auditor routes over real HTTP with real JWTs, on a real audit log in the embedded store. */
class AuditApiTest {

    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final Principal CI_BOT = new Principal("local", "ci-bot", Set.of("ci"),
            Map.of("repository", "acme/etl"));
    private static final Principal OTHER_BOT = new Principal("local", "ci-other", Set.of("ci"), Map.of());
    private static final String MRN = "MRN-000042";

    @TempDir
    Path data;
    ApiFixture fixture;
    String auditor;

    @BeforeEach
    void start() throws Exception {
        fixture = new ApiFixture(data);
        auditor = fixture.token("carol", "auditors");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private AuditEvent.StatementExecuted statement(Principal who, String lease, String session, Instant at,
                                                   String... mrns) {
        Map<String, Set<String>> keys = mrns.length == 0 ? Map.of() : Map.of("patients",
                Set.copyOf(Arrays.stream(mrns).map(m -> fixture.hasher.hash("patients", m)).toList()));
        return new AuditEvent.StatementExecuted(at, who, "study-42", lease, session,
                "SELECT mrn FROM patients WHERE mrn = $1", StatementDecision.ALLOWED, Optional.of("allow-read"),
                mrns.length, mrns.length, keys);
    }

    private void someHistory() {
        fixture.auditLog.append(new AuditEvent.LeaseChanged(T0, "lease-a", "Requested", Optional.empty(),
                LeaseState.PENDING, Optional.of(CI_BOT), "study-42", CI_BOT, Optional.of("nightly")));
        fixture.auditLog.append(statement(CI_BOT, "lease-a", "s-a1", T0.plusSeconds(10), MRN, "MRN-1"));
        fixture.auditLog.append(statement(OTHER_BOT, "lease-b", "s-b1", T0.plusSeconds(20), "MRN-2"));
        fixture.auditLog.append(statement(OTHER_BOT, "lease-c", "s-c1", T0.plusSeconds(30), MRN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/audit", "/v1/audit/verify", "/v1/audit/who-accessed?table=patients&key=x",
        "/v1/audit/export", "/v1/sessions/s-1/recording", "/v1/recordings/public-key"})
    void onlyAuditorsMayRead(String path) {
        Answer refused = fixture.get(path, fixture.ciBot());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("not_an_auditor");
        assertThat(fixture.get(path, null).status()).isEqualTo(401);
        // reviewers are auditors by default
        assertThat(fixture.get(path, fixture.alice()).status()).isNotIn(401, 403);
    }

    @Test
    void searchFiltersByLeaseSubjectTypeAndTime() {
        someHistory();
        JsonNode all = fixture.get("/v1/audit", auditor).body().get("events");
        assertThat(all).hasSize(4);
        JsonNode first = all.get(0);
        assertThat(first.get("seq").asLong()).isEqualTo(1);
        assertThat(first.get("type").asText()).isEqualTo("LEASE");
        assertThat(first.get("lease").asText()).isEqualTo("lease-a");
        assertThat(first.get("subject").asText()).isEqualTo("ci-bot");
        assertThat(first.get("purpose").asText()).isEqualTo("study-42");
        assertThat(first.get("payload").get("to").asText()).isEqualTo("PENDING");
        assertThat(first.get("prevHash").asText()).isEqualTo("0".repeat(64));
        assertThat(all.get(1).get("prevHash").asText()).isEqualTo(first.get("hash").asText());
        assertThat(all.get(1).get("payload").get("recordKeyHashes").get("patients")).hasSize(2);
        assertThat(all.get(1).toString()).doesNotContain(MRN);

        assertThat(fixture.get("/v1/audit?lease=lease-a", auditor).body().get("events")).hasSize(2);
        assertThat(fixture.get("/v1/audit?subject=ci-other", auditor).body().get("events")).hasSize(2);
        assertThat(fixture.get("/v1/audit?type=statement&limit=1", auditor).body().get("events").get(0)
                .get("session").asText()).isEqualTo("s-a1");
        JsonNode window = fixture.get("/v1/audit?since=2030-01-01T10:00:15Z&until=2030-01-01T10:00:25Z", auditor)
                .body().get("events");
        assertThat(window).hasSize(1);
        assertThat(window.get(0).get("lease").asText()).isEqualTo("lease-b");
        assertThat(fixture.get("/v1/audit?until=1h", auditor).body().get("events")).isEmpty(); // 2030 is after an hour ago
        assertThat(fixture.get("/v1/audit?since=1h", auditor).body().get("events")).hasSize(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"type=nonsense", "since=yesterday", "limit=0", "limit=10001", "colour=red",
        "since=2030-01-02T00:00:00Z&until=2030-01-01T00:00:00Z"})
    void badSearchesAreRefused(String query) {
        Answer refused = fixture.get("/v1/audit?" + query, auditor);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("bad_request");
    }

    @Test
    void verifyNamesTheEditedEvent() throws Exception {
        someHistory();
        Answer intact = fixture.get("/v1/audit/verify", auditor);
        assertThat(intact.body().get("ok").asBoolean()).isTrue();
        assertThat(intact.body().get("checked").asLong()).isEqualTo(4);
        assertThat(intact.body().get("problem").isNull()).isTrue();
        String head = intact.body().get("head").asText();
        assertThat(fixture.get("/v1/audit/verify?anchor=" + head, auditor).body().get("ok").asBoolean()).isTrue();

        try (Connection connection = fixture.store.dataSource().getConnection();
             Statement sql = connection.createStatement()) {
            sql.executeUpdate("UPDATE audit_events SET payload = REPLACE(payload, 'allow-read', 'allow-all')"
                    + " WHERE seq = 3");
        }
        Answer broken = fixture.get("/v1/audit/verify", auditor);
        assertThat(broken.status()).isEqualTo(200);
        assertThat(broken.body().get("ok").asBoolean()).isFalse();
        assertThat(broken.body().get("checked").asLong()).isEqualTo(2);
        assertThat(broken.body().get("problem").get("seq").asLong()).isEqualTo(3);
        assertThat(broken.body().get("problem").get("kind").asText()).isEqualTo("EDITED_EVENT");
    }

    @Test
    void whoAccessedAnswersExactlyTheSessionsThatReturnedTheRecordAndNeverLogsTheKey() {
        Logger broker = (Logger) LoggerFactory.getLogger("dev.phiguard.broker");
        Level previous = broker.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        broker.setLevel(Level.DEBUG);
        broker.addAppender(appender);
        try {
            someHistory();
            Answer answer = fixture.get("/v1/audit/who-accessed?table=patients&key="
                    + URLEncoder.encode(MRN, StandardCharsets.UTF_8), auditor);
            assertThat(answer.status()).isEqualTo(200);
            JsonNode accesses = answer.body().get("accesses");
            assertThat(accesses).hasSize(2);
            assertThat(accesses.get(0).get("lease").asText()).isEqualTo("lease-a");
            assertThat(accesses.get(0).get("session").asText()).isEqualTo("s-a1");
            assertThat(accesses.get(0).get("subject").asText()).isEqualTo("ci-bot");
            assertThat(accesses.get(0).get("at").asText()).isEqualTo("2030-01-01T10:00:10Z");
            assertThat(accesses.get(1).get("lease").asText()).isEqualTo("lease-c");
            assertThat(accesses.get(1).get("ciRun").asText()).isNotBlank();
            assertThat(answer.text()).doesNotContain(MRN);
            assertThat(fixture.get("/v1/audit/who-accessed?table=patients&key=MRN-404", auditor).body()
                    .get("accesses")).isEmpty();
            Answer missing = fixture.get("/v1/audit/who-accessed?key=" + MRN, auditor);
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.text()).doesNotContain(MRN);
        } finally {
            broker.detachAppender(appender);
            broker.setLevel(previous);
        }
        assertThat(appender.list).isNotEmpty();
        for (ILoggingEvent event : appender.list) {
            assertThat(event.getFormattedMessage()).doesNotContain(MRN);
        }
    }

    @Test
    void exportStreamsOneJsonLinePerEvent() throws Exception {
        someHistory();
        HttpResponse<String> response = fixture.client.send(fixture.request("GET", "/v1/audit/export", auditor,
                null), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/x-ndjson"));
        assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        List<String> lines = response.body().lines().toList();
        assertThat(lines).hasSize(4);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(fixture.json.readTree(lines.get(i)).get("seq").asLong()).isEqualTo(i + 1);
        }
        assertThat(response.body()).doesNotContain(MRN);
    }

    @Test
    void aRecordingStreamsBackByteForByteFromAnyOffset() throws Exception {
        byte[] bytes = new byte[300_000];
        new Random(42).nextBytes(bytes);
        Files.write(fixture.recordings.resolve("s-1.phirec"), bytes);
        HttpResponse<byte[]> whole = fixture.client.send(fixture.request("GET", "/v1/sessions/s-1/recording",
                auditor, null), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(whole.body()).isEqualTo(bytes);
        HttpResponse<byte[]> tail = fixture.client.send(fixture.request("GET",
                "/v1/sessions/s-1/recording?offset=299000", auditor, null), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(bytes, 299_000, 300_000));
        HttpResponse<byte[]> beyond = fixture.client.send(fixture.request("GET",
                "/v1/sessions/s-1/recording?offset=400000", auditor, null), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(beyond.statusCode()).isEqualTo(200);
        assertThat(beyond.body()).isEmpty();
    }

    @Test
    void anAbsentRecordingIsNotFoundAndABadIdIsRefused() {
        Answer absent = fixture.get("/v1/sessions/s-404/recording", auditor);
        assertThat(absent.status()).isEqualTo(404);
        assertThat(absent.code()).isEqualTo("not_found");
        assertThat(fixture.get("/v1/sessions/..phirec/recording", auditor).status()).isEqualTo(400);
        assertThat(fixture.get("/v1/sessions/s-1/recording?offset=-1", auditor).status()).isEqualTo(400);
    }

    @Test
    void thePublicKeyIsServedAsPem() {
        Answer key = fixture.get("/v1/recordings/public-key", auditor);
        assertThat(key.status()).isEqualTo(200);
        assertThat(key.text()).isEqualTo(ApiFixture.PUBLIC_KEY_PEM);
    }

    @Test
    void anApiWithoutAuditingAnswersNotConfigured() throws Exception {
        try (BrokerApi bare = new BrokerApi(fixture.service.service, fixture.verifier, Optional.empty(), () -> true,
                new BrokerMetrics())) {
            java.net.InetSocketAddress bound = bare.start(new java.net.InetSocketAddress(
                    java.net.InetAddress.getLoopbackAddress(), 0));
            HttpResponse<String> answer = fixture.client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + bound.getPort() + "/v1/audit/verify"))
                    .header("Authorization", "Bearer " + auditor).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).contains("not_configured");
        }
    }
}
