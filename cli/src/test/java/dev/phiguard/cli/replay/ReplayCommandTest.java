package dev.phiguard.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.Main;
import dev.phiguard.cli.client.AuditorBroker;
import dev.phiguard.cli.client.BrokerClient;
import dev.phiguard.proxy.port.RecordingSink.SessionRecorder;
import dev.phiguard.proxy.recording.RecordingWriter;
import dev.phiguard.proxy.recording.SigningKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phiguard replay} against the real broker API, on recordings written by the real RecordingWriter. */
class ReplayCommandTest {

    @TempDir
    Path data;
    AuditorBroker broker;
    Path closed;

    @BeforeEach
    void start() throws Exception {
        broker = new AuditorBroker(data);
        closed = SyntheticRecordings.closedSession(broker.recordings, broker.keys, "s-1");
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    record Run(int exitCode, String out, String err) {
    }

    private Run run(String token, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), broker.env(token), args);
        return new Run(code, out.toString(), err.toString());
    }

    private Run replay(String... args) {
        return run(broker.auditorToken(), Stream.concat(Stream.of("replay"), Arrays.stream(args))
                .toArray(String[]::new));
    }

    private Path copy(String sessionId, byte[] bytes) throws IOException {
        return Files.write(RecordingWriter.fileFor(broker.recordings, sessionId), bytes);
    }

    @Test
    void rendersTheTranscriptWithMaskedRowsAndHashedLiteralsAfterVerifyingWithTheServedKey() {
        Run run = replay("s-1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("session s-1", "lease lease-7", "from patients", "from visits",
                SyntheticRecordings.MASKED, "SELECT 30", "10 more rows")
                .doesNotContain(SyntheticRecordings.SSN);
        assertThat(run.err()).contains("verifying with the public key served by " + broker.url(),
                "key id " + broker.keys.keyId(), "recording of s-1: VALID");
    }

    @Test
    void jsonIsOneEventPerLineAndRowsAreLimited() throws Exception {
        Run run = replay("s-1", "--format", "json", "--rows", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
        for (String line : lines) {
            JsonNode event = BrokerClient.mapper().readTree(line);
            assertThat(event.isObject()).isTrue();
        }
        assertThat(run.out()).doesNotContain("\"27\"");
    }

    @Test
    void verifyWithAPinnedKeySaysValidAndExitsZero() throws Exception {
        Path pem = Files.writeString(data.resolve("pinned.pem"), broker.keys.publicKeyPem());
        Run run = replay("s-1", "--verify", "--public-key", pem.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("recording of s-1: VALID");
        assertThat(run.err()).doesNotContain("served by");
    }

    @Test
    void anotherKeyMakesItCorrupt() throws Exception {
        Path other = Files.writeString(data.resolve("other.pem"), SigningKeys.ephemeral().publicKeyPem());
        Run run = replay("s-1", "--verify", "--public-key", other.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).contains("CORRUPT");
    }

    @Test
    void aTruncatedRecordingIsReportedWithItsOwnExitCode() throws Exception {
        byte[] bytes = Files.readAllBytes(closed);
        copy("s-cut", Arrays.copyOf(bytes, bytes.length - 40));
        Run run = replay("s-cut", "--verify");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(Verdict.TRUNCATED);
        assertThat(run.out()).contains("TRUNCATED: no trailer; readable up to chunk");

        Run transcript = replay("s-cut");
        assertThat(transcript.exitCode()).isEqualTo(Verdict.TRUNCATED);
        assertThat(transcript.out()).contains("from patients");
    }

    @Test
    void oneFlippedByteMakesItCorruptAndNamesTheOffset() throws Exception {
        byte[] bytes = Files.readAllBytes(closed);
        bytes[bytes.length / 2] ^= 0x01;
        copy("s-flip", bytes);
        Run run = replay("s-flip", "--verify");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).containsPattern("CORRUPT at byte offset \\d+ \\(chunk \\d+");
    }

    @Test
    void followTailsAnOpenSessionUntilItCloses() throws Exception {
        try (RecordingWriter writer = SyntheticRecordings.writer(broker.recordings, broker.keys, null)) {
            SessionRecorder recorder = SyntheticRecordings.open(writer, "s-open");
            SyntheticRecordings.statement(recorder, "patients", 3);
            Path file = RecordingWriter.fileFor(broker.recordings, "s-open");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(file) && Files.size(file) > 0);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CompletableFuture<Integer> following = CompletableFuture.supplyAsync(() -> Main.run(
                    new PrintWriter(out, true), new PrintWriter(err, true), broker.env(broker.auditorToken()),
                    "replay", "s-open", "--follow"));
            await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("from patients"));
            assertThat(following).isNotDone();

            SyntheticRecordings.statement(recorder, "visits", 1);
            recorder.close("client terminated the session");
            writer.close();
            assertThat(following.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
            assertThat(out.toString()).contains("from visits", "closed");
            assertThat(err.toString()).contains("recording of s-open: VALID");
        }
    }

    @Test
    void theDownloadIsPrivateAndGoneAfterwards() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = replayFiles(tmp);
        assertThat(replay("s-1", "--verify").exitCode()).isZero();
        assertThat(replayFiles(tmp)).isEqualTo(before);
    }

    private static Set<Path> replayFiles(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("phiguard-replay-"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void anAbsentSessionAndANonAuditorAreRefused() {
        Run absent = replay("s-404");
        assertThat(absent.exitCode()).isNotZero();
        assertThat(absent.err()).contains("no recording of session s-404", "not_found");

        Run refused = run(broker.token("ci-bot", "ci"), "replay", "s-1");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(refused.err()).contains("not_an_auditor");
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        assertThat(replay("s-1", "--verify", "--follow").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(replay("s-1", "--rows", "-1").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(replay("s-1", "--format", "xml").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(replay().exitCode()).isEqualTo(ExitCodes.USAGE);
        Path shortKey = Files.write(data.resolve("short.key"), new byte[16]);
        Run badKey = replay("s-1", "--decryption-key-file", shortKey.toString());
        assertThat(badKey.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badKey.err()).contains("must hold exactly 32 bytes, it holds 16");
    }
}
