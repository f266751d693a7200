package dev.phiguard.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.broker.audit.AuditEvent;
import dev.phiguard.broker.lease.LeaseState;
import dev.phiguard.broker.lease.Principal;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's auditor calls against the real broker API started in-process. */
class BrokerClientAuditTest {

    @TempDir
    Path data;
    AuditorBroker broker;
    BrokerClient client;

    @BeforeEach
    void start() throws Exception {
        broker = new AuditorBroker(data);
        client = broker.client(broker.auditorToken());
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    @Test
    void searchVerifyAndExport() {
        Principal bot = new Principal("local", "ci-bot", Set.of("ci"), Map.of());
        broker.auditLog.append(new AuditEvent.LeaseChanged(Instant.parse("2030-01-01T10:00:00Z"), "lease-a",
                "Requested", Optional.empty(), LeaseState.PENDING, Optional.of(bot), "study-42", bot,
                Optional.empty()));
        AuditSearch all = new AuditSearch(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 10);
        assertThat(client.audit(all)).singleElement().satisfies(e -> {
            assertThat(e.seq()).isEqualTo(1);
            assertThat(e.type()).isEqualTo("LEASE");
            assertThat(e.lease()).isEqualTo("lease-a");
            assertThat(e.at()).isEqualTo("2030-01-01T10:00:00Z");
            assertThat(e.payload().get("to").asText()).isEqualTo("PENDING");
        });
        assertThat(client.audit(new AuditSearch(Optional.of("lease-b"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 10))).isEmpty();
        AuditVerification verification = client.verifyAudit(Optional.empty());
        assertThat(verification.ok()).isTrue();
        assertThat(verification.checked()).isEqualTo(1);
        assertThat(verification.problem()).isNull();
        assertThat(verification.head()).startsWith("1:");
        ByteArrayOutputStream export = new ByteArrayOutputStream();
        assertThat(client.exportAudit(export)).isEqualTo(export.size()).isPositive();
        assertThat(export.toString()).startsWith("{\"seq\":1,").endsWith("\n");
    }

    @Test
    void recordingsComeBackByteForByteFromAnOffsetAndTheKeyAsPem() throws Exception {
        byte[] bytes = new byte[200_000];
        new Random(7).nextBytes(bytes);
        Files.write(data.resolve("recordings").resolve("s-9.phirec"), bytes);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        assertThat(client.downloadRecording("s-9", 0, whole)).isEqualTo(bytes.length);
        assertThat(whole.toByteArray()).isEqualTo(bytes);
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        assertThat(client.downloadRecording("s-9", 150_000, tail)).isEqualTo(50_000);
        assertThat(tail.toByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 150_000, 200_000));
        assertThat(client.downloadRecording("s-9", 200_000, new ByteArrayOutputStream())).isZero();
        assertThat(client.recordingPublicKey()).isEqualTo(broker.keys.publicKeyPem());
    }

    @Test
    void refusalsCarryTheApisCode() {
        assertThatThrownBy(() -> client.downloadRecording("s-404", 0, new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(BrokerException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("not_found");
                });
        BrokerClient ci = broker.client(broker.token("ci-bot", "ci"));
        assertThatThrownBy(() -> ci.whoAccessed("patients", "MRN-SECRET-1"))
                .isInstanceOfSatisfying(BrokerException.class, e -> {
                    assertThat(e.code()).isEqualTo("not_an_auditor");
                    assertThat(e.isRefusal()).isTrue();
                    assertThat(e.getMessage()).doesNotContain("MRN-SECRET-1");
                });
        assertThatThrownBy(() -> ci.exportAudit(new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(BrokerException.class, e -> assertThat(e.status()).isEqualTo(403));
    }
}
