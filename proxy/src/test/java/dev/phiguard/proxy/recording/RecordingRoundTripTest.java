package dev.phiguard.proxy.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.policies.sql.LiteralRedactor;
import dev.phiguard.proxy.port.RecordingSink.Direction;
import dev.phiguard.proxy.wire.Bind;
import dev.phiguard.proxy.wire.MessageType;
import dev.phiguard.proxy.wire.Parse;
import dev.phiguard.proxy.wire.Query;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingRoundTripTest {

    private static final SigningKeys KEYS = SigningKeys.ephemeral();

    @TempDir
    Path dir;

    private Path record(String sessionId, int rows, EncryptionKey key, int chunkBytes) {
        try (RecordingWriter writer = SyntheticSession.writer(dir, KEYS, key, chunkBytes)) {
            SyntheticSession.play(writer.open(SyntheticSession.info(sessionId)), SyntheticSession.messages(rows),
                    System.nanoTime());
        }
        return RecordingWriter.fileFor(dir, sessionId);
    }

    @Test
    void statementsEndingWithinTheFlushIntervalAreWrittenAsOneChunkWhenItIsDue() throws Exception {
        List<SyntheticSession.Sent> sent = SyntheticSession.messages(3);
        Path file;
        try (RecordingWriter writer = new RecordingWriter(RecordingSettings.defaults(dir)
                .withFlushInterval(java.time.Duration.ofHours(1)), KEYS,
                LiteralRedactor.hashing(SyntheticSession.LITERAL_KEY), null)) {
            var recorder = writer.open(SyntheticSession.info("s-grouped"));
            List<Long> held = new ArrayList<>();
            long t = System.nanoTime();
            for (SyntheticSession.Sent m : sent) {
                io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(m.bytes());
                recorder.message(m.direction(), t += 1_000, buf);
                buf.release();
                if (m.boundaryAfter()) {
                    held.add(recorder.statementBoundary());
                }
            }
            assertThat(held).hasSize(3);
            assertThat(held.get(0)).as("the first statement after a quiet spell is written at once").isZero();
            assertThat(held.get(1)).as("the next one, within the interval, is held; the session is told when")
                    .isPositive().isLessThanOrEqualTo(java.time.Duration.ofHours(1).toNanos());
            assertThat(held.get(2)).as("already held: the session waits for the same flush").isZero();
            recorder.flushHeld();
            recorder.close("client terminated the session");
            file = RecordingWriter.fileFor(dir, "s-grouped");
        }
        List<RecordedFrame> read = new ArrayList<>();
        try (RecordingReader reader = RecordingReader.open(file, RecordingReader.Options.defaults())) {
            for (RecordedFrame f = reader.next(); f != null; f = reader.next()) {
                read.add(f);
            }
            assertThat(reader.status()).isInstanceOf(RecordingStatus.Closed.class);
        }
        assertThat(read).as("every frame, in order").hasSize(sent.size());
        RecordingStatus status = RecordingVerifier.verify(file, KEYS.publicKey());
        assertThat(status).isInstanceOf(RecordingStatus.Valid.class);
        assertThat(((RecordingStatus.Valid) status).trailer().chunks())
                .as("one chunk for the first statement, one for the two held").isEqualTo(2);
    }

    @Test
    void framesComeBackInOrderWithConstantsAndParametersHashed() throws Exception {
        List<SyntheticSession.Sent> sent = SyntheticSession.messages(30);
        Path file = record("s-1", 30, null, 256); // small chunks: several per statement
        List<RecordedFrame> read = new ArrayList<>();
        try (RecordingReader reader = RecordingReader.open(file, RecordingReader.Options.defaults())) {
            assertThat(reader.header().sessionId()).isEqualTo("s-1");
            assertThat(reader.header().leaseId()).isEqualTo("lease-7");
            assertThat(reader.header().purpose()).isEqualTo("study-42");
            assertThat(reader.header().signingKeyId()).isEqualTo(KEYS.keyId());
            for (RecordedFrame f = reader.next(); f != null; f = reader.next()) {
                read.add(f);
            }
            assertThat(reader.status()).isInstanceOf(RecordingStatus.Closed.class);
        }
        assertThat(read).hasSize(sent.size());
        LiteralRedactor redactor = LiteralRedactor.hashing(SyntheticSession.LITERAL_KEY);
        long previousNanos = -1;
        for (int i = 0; i < sent.size(); i++) {
            RecordedFrame f = read.get(i);
            SyntheticSession.Sent s = sent.get(i);
            assertThat(f.index()).isEqualTo(i);
            assertThat(f.direction()).isEqualTo(s.direction());
            assertThat(f.nanos()).isGreaterThan(previousNanos);
            previousNanos = f.nanos();
            byte type = s.bytes()[0];
            if (s.direction() == Direction.CLIENT_TO_SERVER && type == MessageType.QUERY) {
                String sql = new String(s.bytes(), 5, s.bytes().length - 6, StandardCharsets.UTF_8);
                assertThat(f.message()).isEqualTo(SyntheticSession.bytes(new Query(redactor.redact(sql))));
            } else if (s.direction() == Direction.CLIENT_TO_SERVER && type == MessageType.BIND) {
                assertThat(f.message()).isEqualTo(SyntheticSession.bytes(new Bind("", "", List.of(),
                        List.of(SyntheticSession.utf8(redactor.token(
                                SyntheticSession.PARAMETER.getBytes(StandardCharsets.UTF_8)))), List.of())));
            } else if (s.direction() == Direction.CLIENT_TO_SERVER && type == MessageType.PARSE) {
                assertThat(f.message()).isEqualTo(SyntheticSession.bytes(
                        new Parse("", "select name from patients where mrn = $1", List.of())));
            } else {
                assertThat(f.message()).as("frame %d", i).isEqualTo(s.bytes());
            }
        }
        byte[] all = Files.readAllBytes(file);
        assertThat(new String(all, StandardCharsets.ISO_8859_1)).doesNotContain(SyntheticSession.SSN)
                .doesNotContain(SyntheticSession.PARAMETER).contains(SyntheticSession.MASKED);
    }

    @Test
    void aClosedRecordingVerifiesWithItsKeyOnly() throws Exception {
        Path file = record("s-2", 3, null, 64 * 1024);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        RecordingStatus status = RecordingVerifier.verify(file, KEYS.publicKey());
        assertThat(status).isInstanceOf(RecordingStatus.Valid.class);
        RecordingStatus.Valid valid = (RecordingStatus.Valid) status;
        assertThat(valid.trailer().frames()).isEqualTo(SyntheticSession.messages(3).size());
        assertThat(valid.trailer().chunks()).isEqualTo(3); // one per statement boundary
        assertThat(valid.trailer().reason()).isEqualTo("client terminated the session");
        assertThat(status.describe()).startsWith("VALID");

        RecordingStatus other = RecordingVerifier.verify(file, SigningKeys.ephemeral().publicKey());
        assertThat(other).isInstanceOf(RecordingStatus.Corrupt.class);
        assertThat(other.describe()).contains("not by the given key");
    }

    @Test
    void keepPolicyRecordsStatementsAsSent() throws Exception {
        try (RecordingWriter writer = new RecordingWriter(
                RecordingSettings.defaults(dir).withLiterals(LiteralPolicy.KEEP), KEYS,
                LiteralRedactor.hashing(SyntheticSession.LITERAL_KEY), null)) {
            SyntheticSession.play(writer.open(SyntheticSession.info("s-keep")), SyntheticSession.messages(1), 0);
        }
        String content = Files.readString(RecordingWriter.fileFor(dir, "s-keep"), StandardCharsets.ISO_8859_1);
        assertThat(content).contains(SyntheticSession.SSN).contains(SyntheticSession.PARAMETER);
    }

    @Test
    void textTranscriptShowsStatementsRowsErrorsAndLimitsPrintedRows() throws Exception {
        Path file = record("s-3", 25, null, 64 * 1024);
        StringWriter out = new StringWriter();
        RecordingStatus status = Transcript.render(file, Transcript.Format.TEXT,
                Transcript.Options.defaults().withMaxRows(5), out);
        assertThat(status).isInstanceOf(RecordingStatus.Closed.class);
        String text = out.toString();
        assertThat(text).contains("session s-3", "lease lease-7", "purpose study-42")
                .contains("select id, ssn from patients where ssn = 'h:")
                .contains("id | ssn", "4  | " + SyntheticSession.MASKED)
                .contains("… 20 more rows", "SELECT 25 · 25 rows")
                .contains("select name from patients where mrn = $1", "parameters: $1 = 'h:", "P***", "SELECT 1 · 1 row")
                .contains("ERROR 42P01: relation \"nowhere\" does not exist")
                .contains("-- CLOSED")
                .doesNotContain(SyntheticSession.SSN).doesNotContain(SyntheticSession.PARAMETER)
                .doesNotContain("5  | " + SyntheticSession.MASKED);
    }

    @Test
    void jsonTranscriptHasOneEventPerLine() throws Exception {
        Path file = record("s-4", 3, null, 64 * 1024);
        StringWriter out = new StringWriter();
        Transcript.render(file, Transcript.Format.JSON, Transcript.Options.defaults().withMaxRows(2), out);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(1 + 3 + 1);
        assertThat(lines[0]).startsWith("{\"event\":\"session\"").contains("\"sessionId\":\"s-4\"");
        assertThat(lines[1]).startsWith("{\"event\":\"statement\"").contains("\"protocol\":\"simple\"")
                .contains("\"columns\":[\"id\",\"ssn\"]")
                .contains("\"rows\":[[\"0\",\"" + SyntheticSession.MASKED + "\"],[\"1\",\"" + SyntheticSession.MASKED
                        + "\"]]")
                .contains("\"rowCount\":3", "\"rowsOmitted\":1", "\"tag\":\"SELECT 3\"", "\"error\":null");
        assertThat(lines[2]).contains("\"protocol\":\"extended\"", "\"parameters\":[\"h:");
        assertThat(lines[3]).contains("\"error\":{\"S\":\"ERROR\"", "\"C\":\"42P01\"", "relation \\\"nowhere\\\"");
        assertThat(lines[4]).startsWith("{\"event\":\"end\"").contains("\"status\":\"CLOSED\"");
        for (String line : lines) {
            assertThat(line).endsWith("}");
        }
    }

    @Test
    void encryptedRecordingsVerifyWithoutTheKeyAndReadOnlyWithIt() throws Exception {
        byte[] keyBytes = new byte[32];
        keyBytes[0] = 7;
        Path file = record("s-enc", 5, EncryptionKey.of(keyBytes), 64 * 1024);
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                .doesNotContain(SyntheticSession.MASKED).doesNotContain("patients");
        assertThat(RecordingVerifier.verify(file, KEYS.publicKey())).isInstanceOf(RecordingStatus.Valid.class);
        assertThat(RecordingVerifier.verify(file, KEYS.publicKey(), EncryptionKey.of(keyBytes)))
                .isInstanceOf(RecordingStatus.Valid.class);

        StringWriter out = new StringWriter();
        Transcript.render(file, Transcript.Format.TEXT, Transcript.Options.defaults()
                .withDecryptionKey(EncryptionKey.of(keyBytes)), out);
        assertThat(out.toString()).contains(SyntheticSession.MASKED, "SELECT 5");

        assertThatThrownBy(() -> Transcript.render(file, Transcript.Format.TEXT, Transcript.Options.defaults(),
                new StringWriter())).isInstanceOf(RecordingException.class).hasMessageContaining("encryption key");
        byte[] wrong = keyBytes.clone();
        wrong[1] = 1;
        assertThatThrownBy(() -> Transcript.render(file, Transcript.Format.TEXT,
                Transcript.Options.defaults().withDecryptionKey(EncryptionKey.of(wrong)), new StringWriter()))
                .isInstanceOf(RecordingException.class).hasMessageContaining("wrong encryption key");
        RecordingStatus withWrongKey = RecordingVerifier.verify(file, KEYS.publicKey(), EncryptionKey.of(wrong));
        assertThat(withWrongKey).isInstanceOf(RecordingStatus.Corrupt.class);
        assertThat(EncryptionKey.of(keyBytes).toString()).doesNotContain("7");
    }

    @Test
    void signingKeysAreCreatedOnceAsPrivateFiles() throws Exception {
        Path keyDir = dir.resolve("keys");
        SigningKeys first = SigningKeys.loadOrCreate(keyDir);
        SigningKeys second = SigningKeys.loadOrCreate(keyDir);
        assertThat(second.keyId()).isEqualTo(first.keyId());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyDir.resolve(SigningKeys.PRIVATE_FILE))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(keyDir.resolve(SigningKeys.PRIVATE_FILE))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(SigningKeys.keyId(SigningKeys.readPublicKey(keyDir.resolve(SigningKeys.PUBLIC_FILE))))
                .isEqualTo(first.keyId());
        assertThat(first.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(first.toString()).isEqualTo("SigningKeys[keyId=" + first.keyId() + "]");

        Path file;
        try (RecordingWriter writer = SyntheticSession.writer(dir, second, null, 1024)) {
            SyntheticSession.play(writer.open(SyntheticSession.info("s-k")), SyntheticSession.messages(1), 0);
            file = RecordingWriter.fileFor(dir, "s-k");
        }
        assertThat(RecordingVerifier.verify(file, first.publicKey())).isInstanceOf(RecordingStatus.Valid.class);
    }

    @Test
    void sessionIdsThatAreNoFileNamesAreRefused() {
        assertThatThrownBy(() -> RecordingWriter.fileFor(dir, "../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordingWriter.fileFor(dir, ".hidden")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFileThatIsNoRecordingIsRefusedClearly() throws Exception {
        Path file = dir.resolve("x.phirec");
        Files.writeString(file, "hello, this is not a recording");
        assertThat(RecordingVerifier.verify(file, KEYS.publicKey()).describe()).contains("bad magic");
        assertThatThrownBy(() -> RecordingReader.open(file, RecordingReader.Options.defaults()))
                .isInstanceOf(RecordingException.class).hasMessageContaining("bad magic");
    }
}
