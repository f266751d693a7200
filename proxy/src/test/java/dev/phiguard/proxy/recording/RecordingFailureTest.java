package dev.phiguard.proxy.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.phiguard.proxy.port.RecordingSink.Direction;
import dev.phiguard.proxy.port.RecordingSink.SessionRecorder;
import dev.phiguard.proxy.wire.Query;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording fails closed: a session whose recording cannot be written is stopped, never relayed unrecorded. */
class RecordingFailureTest {

    private static final SigningKeys KEYS = SigningKeys.ephemeral();

    @TempDir
    Path dir;

    @Test
    void aRecordingThatCannotBeCreatedStopsTheSession() throws Exception {
        Files.writeString(dir.resolve("s-taken" + RecordingWriter.SUFFIX), "someone else's file");
        try (RecordingWriter writer = SyntheticSession.writer(dir, KEYS, null, 1)) {
            SessionRecorder recorder = writer.open(SyntheticSession.info("s-taken"));
            byte[] query = SyntheticSession.bytes(new Query("select 1"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> {
                ByteBuf buf = Unpooled.wrappedBuffer(query);
                recorder.message(Direction.CLIENT_TO_SERVER, System.nanoTime(), buf);
            }).isInstanceOf(RecordingFailedException.class).hasMessageContaining("s-taken"));
            recorder.close("test");
        }
        assertThat(Files.readString(dir.resolve("s-taken" + RecordingWriter.SUFFIX))).isEqualTo("someone else's file");
    }

    @Test
    void aFullQueueStopsTheSessionAfterTheBackpressureLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        DiskWriter disk = new DiskWriter(1, "test-disk");
        try {
            CountDownLatch running = new CountDownLatch(1);
            assertThat(disk.submit(() -> {
                running.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, Duration.ZERO)).isTrue();
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(disk.submit(() -> { }, Duration.ZERO)).isTrue(); // fills the one slot
            assertThat(disk.submit(() -> { }, Duration.ofMillis(20))).isFalse();

            RecordingSettings settings = RecordingSettings.defaults(dir).withChunkBytes(1)
                    .withQueue(1, Duration.ofMillis(20));
            RecordingFileWriter file = new RecordingFileWriter(dir.resolve("s-q" + RecordingWriter.SUFFIX),
                    new RecordingHeader(1, "s-q", "l", "p", "t", "c", "", false, java.time.Instant.EPOCH, KEYS.keyId(),
                            LiteralPolicy.KEEP, false), KEYS, null, new java.security.SecureRandom());
            assertThatThrownBy(() -> new SessionRecording("s-q", file,
                    MessageRedaction.of(LiteralPolicy.KEEP, null), disk, settings, 0))
                    .isInstanceOf(RecordingFailedException.class).hasMessageContaining("cannot keep up");
        } finally {
            release.countDown();
            disk.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void followingASessionThatIsStillOpenShowsEveryStatementAndStopsAtTheTrailer() throws Exception {
        List<SyntheticSession.Sent> messages = SyntheticSession.messages(2);
        try (RecordingWriter writer = SyntheticSession.writer(dir, KEYS, null, 64 * 1024)) {
            SessionRecorder recorder = writer.open(SyntheticSession.info("s-live"));
            Path file = RecordingWriter.fileFor(dir, "s-live");
            int firstBoundary = 0;
            while (!messages.get(firstBoundary).boundaryAfter()) {
                firstBoundary++;
            }
            feed(recorder, messages.subList(0, firstBoundary + 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) && Files.size(file) > 200);

            StringWriter out = new StringWriter();
            CompletableFuture<RecordingStatus> follower = CompletableFuture.supplyAsync(() -> {
                try {
                    return Transcript.render(file, Transcript.Format.JSON,
                            Transcript.Options.defaults().following(Duration.ofSeconds(60)), out);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("\"tag\":\"SELECT 2\""));
            assertThat(follower).isNotDone();

            feed(recorder, messages.subList(firstBoundary + 1, messages.size()));
            recorder.close("client terminated the session");
            RecordingStatus status = follower.get(30, TimeUnit.SECONDS);
            assertThat(status).isInstanceOf(RecordingStatus.Closed.class);
            assertThat(out.toString()).contains("\"tag\":\"SELECT 1\"", "42P01", "\"status\":\"CLOSED\"");
        }
    }

    @Test
    void followingGivesUpAfterTheIdleLimitAndReportsATruncation() throws Exception {
        try (RecordingWriter writer = SyntheticSession.writer(dir, KEYS, null, 64 * 1024)) {
            SessionRecorder recorder = writer.open(SyntheticSession.info("s-idle"));
            feed(recorder, SyntheticSession.messages(1).subList(0, 4));
            recorder.statementBoundary();
            Path file = RecordingWriter.fileFor(dir, "s-idle");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) && Files.size(file) > 200);
            RecordingStatus status = Transcript.render(file, Transcript.Format.TEXT,
                    Transcript.Options.defaults().following(Duration.ofMillis(100)), new StringWriter());
            assertThat(status).isInstanceOf(RecordingStatus.Truncated.class);
            recorder.close("done");
        }
    }

    private static void feed(SessionRecorder recorder, List<SyntheticSession.Sent> messages) {
        for (SyntheticSession.Sent s : messages) {
            ByteBuf buf = Unpooled.wrappedBuffer(s.bytes());
            recorder.message(s.direction(), System.nanoTime(), buf);
            if (s.boundaryAfter()) {
                recorder.statementBoundary();
            }
        }
    }
}
