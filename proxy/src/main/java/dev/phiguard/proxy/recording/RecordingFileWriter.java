package dev.phiguard.proxy.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Writes one recording file: the header block, then each chunk record as it comes (chain hash, optional
 * encryption), then the signed trailer. Not thread-safe: used by one writer thread. Every record is handed to
 * the operating system as soon as it is complete, so a crash of the process loses no written chunk.
 */
final class RecordingFileWriter {

    private final Path file;
    private final RecordingHeader header;
    private final SigningKeys keys;
    private final EncryptionKey encryptionKey;
    private final SecureRandom random;

    private FileChannel channel;
    private byte[] headerBlock;
    private byte[] chain;
    /** Reused for every record of this file (written by one thread at a time: the disk writer's). */
    private final java.security.MessageDigest digest = RecordingFormat.sha256();
    private ChunkCipher cipher;
    private long seq;
    private long frames;
    private long messageBytes;

    /** @param encryptionKey null for plain chunks */
    RecordingFileWriter(Path file, RecordingHeader header, SigningKeys keys, EncryptionKey encryptionKey,
                        SecureRandom random) {
        this.file = Objects.requireNonNull(file, "file");
        this.header = Objects.requireNonNull(header, "header");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.encryptionKey = encryptionKey;
        this.random = Objects.requireNonNull(random, "random");
        if (header.encrypted() != (encryptionKey != null)) {
            throw new IllegalArgumentException("the header's encryption flag must match the key");
        }
    }

    /** Creates the file (never overwrites one) and writes the header block. */
    void open() throws IOException {
        // owner-only, like every file that holds (masked) session data
        boolean posix = Files.getFileStore(file.toAbsolutePath().getParent())
                .supportsFileAttributeView(PosixFileAttributeView.class);
        channel = posix
                ? FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        byte[] body = header.encode();
        if (body.length > RecordingFormat.MAX_HEADER_BYTES) {
            throw new IOException("recording header too large");
        }
        ByteBuffer prefix = ByteBuffer.allocate(RecordingFormat.PREFIX_BYTES);
        prefix.put(RecordingFormat.MAGIC).putInt(body.length);
        prefix.putInt(RecordingFormat.crc32c(prefix.array(), 0, RecordingFormat.PREFIX_BYTES - 4));
        byte[] hashed = new byte[RecordingFormat.PREFIX_BYTES + body.length];
        System.arraycopy(prefix.array(), 0, hashed, 0, RecordingFormat.PREFIX_BYTES);
        System.arraycopy(body, 0, hashed, RecordingFormat.PREFIX_BYTES, body.length);
        chain = RecordingFormat.sha256().digest(hashed);
        headerBlock = Arrays.copyOf(hashed, hashed.length + RecordingFormat.HASH_BYTES);
        System.arraycopy(chain, 0, headerBlock, hashed.length, RecordingFormat.HASH_BYTES);
        write(headerBlock);
        if (encryptionKey != null) {
            cipher = ChunkCipher.forWriting(encryptionKey, chain, random);
        }
    }

    /** Appends one data chunk holding {@code frameCount} frames of {@code bytes} message bytes. */
    void append(byte[] plaintext, int frameCount, long bytes) throws IOException {
        byte[] payload = cipher == null ? plaintext : cipher.encrypt(seq, plaintext);
        writeRecord(RecordingFormat.KIND_CHUNK, payload);
        frames += frameCount;
        messageBytes += bytes;
    }

    /** Writes the signed trailer, forces the file to disk and closes it. */
    void close(String reason, Instant closedAt) throws IOException {
        Trailer unsigned = new Trailer(frames, seq, messageBytes, closedAt, reason, chain, new byte[0]);
        byte[] signature = keys.sign(unsigned.signedBytes(headerBlock));
        Trailer trailer = new Trailer(frames, seq, messageBytes, closedAt, reason, chain, signature);
        writeRecord(RecordingFormat.KIND_TRAILER, trailer.encode());
        channel.force(true);
        channel.close();
    }

    /** Closes the file without a trailer (it will read as truncated). */
    void abandon() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to lose
            }
        }
    }

    Path file() {
        return file;
    }

    private void writeRecord(byte kind, byte[] payload) throws IOException {
        byte[] recordHeader = RecordingFormat.recordHeader(kind, seq, payload.length);
        byte[] hash = RecordingFormat.chain(digest, chain, recordHeader, payload);
        write(recordHeader, payload, hash);
        chain = hash;
        if (kind == RecordingFormat.KIND_CHUNK) {
            seq++;
        }
    }

    private void write(byte[]... parts) throws IOException {
        ByteBuffer[] buffers = new ByteBuffer[parts.length];
        long total = 0;
        for (int i = 0; i < parts.length; i++) {
            buffers[i] = ByteBuffer.wrap(parts[i]);
            total += parts[i].length;
        }
        long written = 0;
        while (written < total) {
            written += channel.write(buffers);
        }
    }
}
