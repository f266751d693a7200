package dev.phiguard.broker.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keyed hash of record keys and its key file. */
class RecordKeyHasherTest {

    @TempDir
    Path temp;

    @Test
    void theKeyFileIsCreatedOwnerOnlyAndReused() throws IOException {
        RecordKeyHasher first = RecordKeyHasher.open(temp.resolve("data"));
        Path file = temp.resolve("data").resolve(RecordKeyHasher.KEY_FILE);
        assertThat(Files.size(file)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var leftovers = Files.list(temp.resolve("data"))) {
            assertThat(leftovers).containsExactly(file);
        }

        RecordKeyHasher second = RecordKeyHasher.open(temp.resolve("data"));
        assertThat(second.hash("patients", "MRN-1")).isEqualTo(first.hash("patients", "MRN-1"));
        assertThat(RecordKeyHasher.open(temp.resolve("other")).hash("patients", "MRN-1"))
                .as("another server's key gives other hashes").isNotEqualTo(first.hash("patients", "MRN-1"));
    }

    @Test
    void theHashIsAnHmacOverTableAndValue() {
        RecordKeyHasher hasher = AuditEvents.HASHER;
        String hash = hasher.hash("patients", "MRN-1");
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(hasher.hash("patients", "MRN-1")).isEqualTo(hash);
        assertThat(hasher.hash("patients", "MRN-2")).isNotEqualTo(hash);
        assertThat(hasher.hash("visits", "MRN-1")).isNotEqualTo(hash);
        // the lengths are part of the message: moving a character between table and value changes the hash
        assertThat(hasher.hash("ab", "c")).isNotEqualTo(hasher.hash("a", "bc"));
        assertThat(hash).doesNotContain(HexFormat.of().formatHex("MRN-1".getBytes()));
    }

    @Test
    void theBinaryFormIsTheHashOfTheText() {
        RecordKeyHasher hasher = AuditEvents.HASHER;
        byte[] out = new byte[RecordKeyHasher.HASH_BYTES];
        for (String table : java.util.List.of("patients", "lab.results", "patients", "p\u00e4tienten")) {
            for (String value : java.util.List.of("MRN-1", "", "MRN-\u00e9t\u00e9", "x".repeat(300))) {
                byte[] text = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] framed = new byte[text.length + 7];
                System.arraycopy(text, 0, framed, 3, text.length);
                hasher.hash(table, framed, 3, text.length, out);
                assertThat(HexFormat.of().formatHex(out)).as(table + "/" + value).isEqualTo(hasher.hash(table, value));
            }
        }
        assertThatThrownBy(() -> hasher.hash("patients", new byte[4], 2, 3, out))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> hasher.hash("patients", new byte[4], 0, 4, new byte[31]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hasher.hash(" ", new byte[4], 0, 4, out))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachThreadGetsTheSameHashesAsASingleOne() throws Exception {
        RecordKeyHasher hasher = AuditEvents.HASHER;
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add(hasher.hash("patients", "MRN-" + i));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var results = pool.invokeAll(java.util.Collections.nCopies(8, () -> {
                java.util.List<String> hashes = new java.util.ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    hashes.add(hasher.hash("patients", "MRN-" + i));
                }
                return hashes;
            }));
            for (var result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws IOException {
        Path data = Files.createDirectories(temp.resolve("data"));
        Path file = data.resolve(RecordKeyHasher.KEY_FILE);
        Files.write(file, new byte[32]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> RecordKeyHasher.open(data))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("chmod 600");
    }

    @Test
    void aShortKeyIsRefusedWithoutShowingIt() throws IOException {
        assertThatThrownBy(() -> RecordKeyHasher.withKey(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
        Path data = Files.createDirectories(temp.resolve("data"));
        Path file = data.resolve(RecordKeyHasher.KEY_FILE);
        Files.writeString(file, "short-secret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> RecordKeyHasher.open(data))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("12 bytes")
                .message().doesNotContain("short-secret");
    }

    @Test
    void theKeyNeverAppearsInToString() throws IOException {
        RecordKeyHasher hasher = RecordKeyHasher.open(temp.resolve("data"));
        byte[] key = Files.readAllBytes(temp.resolve("data").resolve(RecordKeyHasher.KEY_FILE));
        assertThat(hasher.toString()).doesNotContain(HexFormat.of().formatHex(key))
                .isEqualTo("RecordKeyHasher[HMAC-SHA-256]");
    }
}
