package dev.phiguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phiguard.policies.decision.PolicyEngine;
import dev.phiguard.policies.masking.MaskingKeys;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.PolicyLoader;
import dev.phiguard.policies.sql.AnalyzerSettings;
import dev.phiguard.policies.sql.CachingAnalyzer;
import dev.phiguard.policies.sql.SqlAnalyzer;
import dev.phiguard.policies.sql.StaticCatalog;
import dev.phiguard.proxy.enforce.PolicyEnforcement;
import dev.phiguard.proxy.port.StatementApprovals;
import dev.phiguard.proxy.recording.RecordingSettings;
import dev.phiguard.proxy.recording.RecordingStatus;
import dev.phiguard.proxy.recording.RecordingVerifier;
import dev.phiguard.proxy.recording.RecordingWriter;
import dev.phiguard.proxy.recording.SigningKeys;
import dev.phiguard.proxy.recording.Transcript;
import dev.phiguard.sampledata.EmbeddedTarget;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real session through the proxy (study-42 policy, pgjdbc) recorded by the {@link RecordingWriter}: the
 * recording verifies, its transcript shows the statements and the masked rows, and no raw SSN or MRN, from the
 * statements, the Bind parameters or the rows, is anywhere in the file.
 */
@ExtendWith(SharedDatabase.class)
class RecordingIT {

    @TempDir
    static Path dir;

    private static ProxyHarness harness;
    private static RecordingWriter recordings;
    private static SigningKeys keys;

    @BeforeAll
    static void start(EmbeddedTarget database) throws Exception {
        Policy policy = new PolicyLoader().load(Path.of("..", "policies", "examples", "study-42.yaml"));
        StaticCatalog catalog = StaticCatalog.builder()
                .table("public.patients", "patient_id", "mrn", "ssn", "first_name", "last_name", "date_of_birth",
                        "email", "phone", "street", "city", "state", "zip", "notes")
                .table("public.encounters", "encounter_id", "patient_id", "admitted_at", "discharged_at",
                        "diagnosis_code", "notes")
                .build();
        SqlAnalyzer analyzer = CachingAnalyzer.withDefaults(SqlAnalyzer.postgres(catalog, AnalyzerSettings.defaults()));
        byte[] maskingKey = new byte[32];
        byte[] literalKey = new byte[32];
        SecureRandom random = new SecureRandom();
        random.nextBytes(maskingKey);
        random.nextBytes(literalKey);
        StatementApprovals noReviewer = (session, statement, rule, reason) -> new CompletableFuture<>();
        PolicyEnforcement enforcement = new PolicyEnforcement(List.of(new PolicyEngine(policy, analyzer)),
                MaskingKeys.of(maskingKey), noReviewer, Duration.ofSeconds(3));
        recordings = RecordingWriter.create(RecordingSettings.defaults(dir.resolve("recordings")), dir.resolve("keys"),
                literalKey, null);
        keys = SigningKeys.loadOrCreate(dir.resolve("keys")); // the same pair, loaded again
        harness = ProxyHarness.start(database, ports -> ports.withGate(enforcement).withRows(enforcement)
                .withListener(enforcement).withRecordings(recordings), config -> config);
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        if (recordings != null) {
            recordings.close();
        }
    }

    @Test
    void aSessionIsRecordedVerifiablyWithoutRawIdentifiers() throws Exception {
        List<String> ssns = new ArrayList<>();
        List<String> mrns = new ArrayList<>();
        try (Connection direct = harness.direct(); Statement s = direct.createStatement();
                ResultSet rs = s.executeQuery("SELECT ssn, mrn FROM patients ORDER BY patient_id")) {
            while (rs.next()) {
                ssns.add(rs.getString(1));
                mrns.add(rs.getString(2));
            }
        }
        String ssn = ssns.get(6);
        String mrn = mrns.get(7);
        Path before = newestRecording();

        try (Connection c = harness.viaProxy()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT patient_id, ssn, mrn FROM patients WHERE ssn = '" + ssn + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isEqualTo("***-**-" + ssn.substring(7));
            }
            try (PreparedStatement p = c.prepareStatement("SELECT patient_id, ssn FROM patients WHERE mrn = ?")) {
                p.setString(1, mrn);
                try (ResultSet rs = p.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(8);
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT patient_id, ssn FROM patients ORDER BY patient_id LIMIT 40")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(40);
            }
        }

        Path file = await().atMost(Duration.ofSeconds(10)).until(RecordingIT::newestRecording,
                f -> f != null && !f.equals(before) && verifies(f));
        assertThat(RecordingVerifier.verify(file, SigningKeys.readPublicKey(dir.resolve("keys")
                .resolve(SigningKeys.PUBLIC_FILE)))).isInstanceOf(RecordingStatus.Valid.class);

        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(content).contains("***-**-" + ssn.substring(7));
        for (int i = 0; i < ssns.size(); i++) {
            assertThat(content).as("raw SSN of patient %d", i + 1).doesNotContain(ssns.get(i));
            assertThat(content).as("raw MRN of patient %d", i + 1).doesNotContain(mrns.get(i));
        }

        StringWriter out = new StringWriter();
        RecordingStatus status = Transcript.render(file, Transcript.Format.TEXT,
                Transcript.Options.defaults().withMaxRows(10), out);
        assertThat(status).isInstanceOf(RecordingStatus.Closed.class);
        String text = out.toString();
        assertThat(text).contains("lease " + ProxyHarness.LEASE, "purpose study-42")
                .contains("SELECT patient_id, ssn, mrn FROM patients WHERE ssn = 'h:")
                .contains("SELECT patient_id, ssn FROM patients WHERE mrn = $1", "parameters: $1 = 'h:")
                .contains("***-**-" + ssn.substring(7))
                .contains("… 30 more rows", "SELECT 40 · 40 rows")
                .contains("-- CLOSED");
        assertThat(text).doesNotContain(ssn).doesNotContain(mrn);
    }

    private static boolean verifies(Path file) {
        try {
            return RecordingVerifier.verify(file, keys.publicKey()).isValid();
        } catch (Exception e) {
            return false;
        }
    }

    private static Path newestRecording() throws Exception {
        Path recordingsDir = dir.resolve("recordings");
        if (!Files.isDirectory(recordingsDir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(recordingsDir)) {
            return files.filter(f -> f.toString().endsWith(RecordingWriter.SUFFIX))
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified())).orElse(null);
        }
    }
}
