package dev.phiguard.proxy.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every single-byte change is found and placed; every cut is a truncation, never valid, never an exception. */
class RecordingDamageTest {

    private static final SigningKeys KEYS = SigningKeys.ephemeral();

    @TempDir
    static Path dir;

    private static byte[] plain;
    private static byte[] encrypted;
    /** Offsets where records start in {@link #plain}; the header block ends at the first. */
    private static List<Long> plainRecords;
    private static List<Long> encryptedRecords;

    @BeforeAll
    static void recordOnce() throws Exception {
        plain = record("s-plain", null);
        plainRecords = recordStarts(dir.resolve("s-plain" + RecordingWriter.SUFFIX));
        byte[] key = new byte[32];
        key[5] = 42;
        encrypted = record("s-enc", EncryptionKey.of(key));
        encryptedRecords = recordStarts(dir.resolve("s-enc" + RecordingWriter.SUFFIX));
    }

    private static byte[] record(String id, EncryptionKey key) throws Exception {
        try (RecordingWriter writer = SyntheticSession.writer(dir, KEYS, key, 128)) {
            SyntheticSession.play(writer.open(SyntheticSession.info(id)), SyntheticSession.messages(2), 0);
        }
        return Files.readAllBytes(RecordingWriter.fileFor(dir, id));
    }

    private static List<Long> recordStarts(Path file) throws Exception {
        List<Long> starts = new ArrayList<>();
        try (ChunkReader reader = ChunkReader.open(file)) {
            assertThat(reader.header()).isInstanceOf(ChunkReader.Read.Header.class);
            while (true) {
                long at = reader.position();
                ChunkReader.Read read = reader.next();
                if (!(read instanceof ChunkReader.Read.Record)) {
                    assertThat(read).isInstanceOf(ChunkReader.Read.End.class);
                    return starts;
                }
                starts.add(at);
            }
        }
    }

    @Test
    void theSampleHasSeveralChunksAndVerifies() throws Exception {
        assertThat(plainRecords).hasSizeGreaterThan(4);
        assertThat(RecordingVerifier.verify(write("ok", plain), KEYS.publicKey())).isInstanceOf(RecordingStatus.Valid.class);
        assertThat(RecordingVerifier.verify(write("ok-enc", encrypted), KEYS.publicKey()))
                .isInstanceOf(RecordingStatus.Valid.class);
    }

    @Test
    void flippingAnyByteIsFoundInTheRecordThatHoldsIt() throws Exception {
        sweepFlips(plain, plainRecords, "flip");
    }

    @Test
    void flippingAnyByteOfAnEncryptedRecordingIsFoundWithoutTheKey() throws Exception {
        sweepFlips(encrypted, encryptedRecords, "flip-enc");
    }

    private void sweepFlips(byte[] original, List<Long> records, String name) throws Exception {
        Path file = dir.resolve(name + RecordingWriter.SUFFIX);
        for (int i = 0; i < original.length; i++) {
            byte[] damaged = original.clone();
            damaged[i] ^= (byte) 0xFF;
            Files.write(file, damaged);
            RecordingStatus status = RecordingVerifier.verify(file, KEYS.publicKey());
            assertThat(status).as("byte %d", i).isInstanceOf(RecordingStatus.Corrupt.class);
            RecordingStatus.Corrupt corrupt = (RecordingStatus.Corrupt) status;
            long expectedRecord = -1;
            int recordIndex = -1;
            for (int r = 0; r < records.size(); r++) {
                if (records.get(r) <= i) {
                    expectedRecord = records.get(r);
                    recordIndex = r;
                }
            }
            if (expectedRecord < 0) {
                assertThat(corrupt.chunk()).as("byte %d in the header", i).isEqualTo(-1);
                assertThat(corrupt.offset()).as("byte %d in the header", i).isLessThanOrEqualTo(i);
            } else {
                assertThat(corrupt.offset()).as("byte %d: %s", i, corrupt.describe()).isEqualTo(expectedRecord);
                assertThat(corrupt.chunk()).as("byte %d", i).isEqualTo(recordIndex);
                assertThat(corrupt.describe()).contains("byte offset " + expectedRecord, "chunk " + recordIndex);
            }
        }
    }

    @Test
    void everyCutIsATruncationUpToTheLastCompleteChunk() throws Exception {
        Path file = dir.resolve("cut" + RecordingWriter.SUFFIX);
        int dataChunks = plainRecords.size() - 1; // the last record is the trailer
        for (int cut = 0; cut < plain.length; cut++) {
            byte[] prefix = java.util.Arrays.copyOf(plain, cut);
            Files.write(file, prefix);
            RecordingStatus status = RecordingVerifier.verify(file, KEYS.publicKey());
            assertThat(status).as("cut at %d", cut).isInstanceOf(RecordingStatus.Truncated.class);
            RecordingStatus.Truncated truncated = (RecordingStatus.Truncated) status;
            long complete = 0;
            for (int r = 1; r <= dataChunks; r++) {
                if (plainRecords.get(r) <= cut) {
                    complete = r;
                }
            }
            assertThat(truncated.chunks()).as("cut at %d", cut).isEqualTo(Math.min(complete, dataChunks));
            if (cut >= plainRecords.get(0)) {
                StringWriter out = new StringWriter();
                RecordingStatus rendered = Transcript.render(file, Transcript.Format.TEXT,
                        Transcript.Options.defaults(), out);
                assertThat(rendered).as("cut at %d", cut).isEqualTo(status);
                assertThat(out.toString()).contains("-- TRUNCATED");
            }
        }
    }

    @Test
    void bytesAfterTheTrailerAreFound() throws Exception {
        byte[] longer = java.util.Arrays.copyOf(plain, plain.length + 1);
        RecordingStatus status = RecordingVerifier.verify(write("appended", longer), KEYS.publicKey());
        assertThat(status).isInstanceOf(RecordingStatus.Corrupt.class);
        assertThat(status.describe()).contains("after the trailer", "byte offset " + plain.length);
    }

    @Test
    void aDroppedOrSwappedChunkIsFound() throws Exception {
        int a = plainRecords.get(1).intValue();
        int b = plainRecords.get(2).intValue();
        int c = plainRecords.get(3).intValue();
        byte[] dropped = concat(slice(plain, 0, a), slice(plain, b, plain.length));
        RecordingStatus status = RecordingVerifier.verify(write("dropped", dropped), KEYS.publicKey());
        assertThat(status.describe()).contains("CORRUPT at byte offset " + a, "sequence number 2 where 1 was expected");
        byte[] swapped = concat(slice(plain, 0, a), slice(plain, b, c), slice(plain, a, b), slice(plain, c, plain.length));
        assertThat(RecordingVerifier.verify(write("swapped", swapped), KEYS.publicKey()).describe())
                .contains("CORRUPT at byte offset " + a);
    }

    private static Path write(String name, byte[] content) throws Exception {
        Path file = dir.resolve(name + RecordingWriter.SUFFIX);
        Files.write(file, content);
        return file;
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
