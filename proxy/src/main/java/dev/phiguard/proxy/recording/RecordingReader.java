package dev.phiguard.proxy.recording;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Reads the frames of a recording in order, one chunk in memory at a time, checking the chain as it goes (the
 * signature is {@link RecordingVerifier}'s job). {@link #next()} returns null at the end; {@link #status()} then
 * says how it ended: {@link RecordingStatus.Closed}, {@link RecordingStatus.Truncated} or
 * {@link RecordingStatus.Corrupt} (frames before the damage were returned, none after).
 *
 * <p>In follow mode the reader waits for a file that is still being written to grow (checking its size with a
 * bounded back-off, 10 ms doubling to 250 ms) and ends at the trailer, or after {@link Options#followIdle()}
 * without growth.
 */
public final class RecordingReader implements Closeable {

    private static final long MIN_WAIT_MILLIS = 10;
    private static final long MAX_WAIT_MILLIS = 250;

    /**
     * @param decryptionKey needed for encrypted recordings, else null
     * @param follow        wait for a file that is still being written
     * @param followIdle    in follow mode, give up after this long without growth (null: wait until interrupted)
     */
    public record Options(EncryptionKey decryptionKey, boolean follow, Duration followIdle) {
        public static Options defaults() {
            return new Options(null, false, null);
        }

        public Options withDecryptionKey(EncryptionKey key) {
            return new Options(key, follow, followIdle);
        }

        public Options following(Duration idle) {
            return new Options(decryptionKey, true, idle);
        }
    }

    private final Path file;
    private final ChunkReader chunks;
    private final Options options;
    private final RecordingHeader header;
    private final ChunkCipher cipher;
    private final Deque<RecordedFrame> pending = new ArrayDeque<>();
    private long frames;
    private long chunkCount;
    private RecordingStatus status;

    private RecordingReader(Path file, ChunkReader chunks, Options options, ChunkReader.Read.Header header)
            throws RecordingException {
        this.file = file;
        this.chunks = chunks;
        this.options = options;
        this.header = header.header();
        if (this.header.encrypted() && options.decryptionKey() == null) {
            throw new RecordingException("recording " + file.getFileName() + " is encrypted: an encryption key is needed");
        }
        this.cipher = this.header.encrypted() ? ChunkCipher.forReading(options.decryptionKey(), header.headerHash()) : null;
    }

    /**
     * Opens a recording and reads its header (in follow mode, waiting for it).
     *
     * @throws RecordingException if it is not a recording, its header is damaged or cut, or it is encrypted and no
     *                            key was given
     */
    public static RecordingReader open(Path file, Options options) throws IOException {
        Objects.requireNonNull(options, "options");
        ChunkReader chunks = ChunkReader.open(file);
        try {
            Growth growth = new Growth(options);
            while (true) {
                long sizeBefore = Files.size(file);
                ChunkReader.Read read = chunks.header();
                if (read instanceof ChunkReader.Read.Header h) {
                    return new RecordingReader(file, chunks, options, h);
                }
                if (read instanceof ChunkReader.Read.Corrupt c) {
                    throw new RecordingException("recording " + file.getFileName() + " is damaged at byte offset "
                            + c.offset() + ": " + c.reason());
                }
                if (!options.follow() || !growth.await(file, sizeBefore)) {
                    throw new RecordingException("recording " + file.getFileName()
                            + " is truncated before the end of its header");
                }
            }
        } catch (IOException | RuntimeException e) {
            chunks.close();
            throw e;
        }
    }

    public RecordingHeader header() {
        return header;
    }

    /**
     * @return the next frame, or null at the end (see {@link #status()})
     * @throws RecordingException if a chunk cannot be decrypted (wrong key)
     */
    public RecordedFrame next() throws IOException {
        Growth growth = null;
        while (pending.isEmpty()) {
            if (status != null) {
                return null;
            }
            long sizeBefore = options.follow() ? Files.size(file) : 0;
            ChunkReader.Read read = chunks.next();
            if (read instanceof ChunkReader.Read.Record r) {
                growth = null;
                accept(r);
            } else if (read instanceof ChunkReader.Read.Incomplete) {
                if (!options.follow()) {
                    status = new RecordingStatus.Truncated(header, chunkCount, frames, chunks.position());
                    continue;
                }
                if (growth == null) {
                    growth = new Growth(options);
                }
                if (!growth.await(file, sizeBefore)) {
                    status = new RecordingStatus.Truncated(header, chunkCount, frames, chunks.position());
                }
            } else if (read instanceof ChunkReader.Read.Corrupt c) {
                status = new RecordingStatus.Corrupt(c.offset(), chunkCount, frames, c.reason());
            } else {
                throw new IllegalStateException("end of records before a trailer");
            }
        }
        return pending.poll();
    }

    private void accept(ChunkReader.Read.Record record) throws IOException {
        if (record.kind() == RecordingFormat.KIND_TRAILER) {
            Trailer trailer;
            try {
                trailer = Trailer.decode(record.payload());
            } catch (RecordingException e) {
                status = new RecordingStatus.Corrupt(record.offset(), chunkCount, -1, e.getMessage());
                return;
            }
            ChunkReader.Read after = chunks.next();
            status = after instanceof ChunkReader.Read.Corrupt c
                    ? new RecordingStatus.Corrupt(c.offset(), chunkCount + 1, -1, c.reason())
                    : new RecordingStatus.Closed(header, trailer);
            return;
        }
        byte[] plain = cipher == null ? record.payload() : cipher.decrypt(record.seq(), record.payload());
        try {
            pending.addAll(FramePayload.parse(plain, frames));
        } catch (RecordingException e) {
            pending.clear();
            status = new RecordingStatus.Corrupt(record.offset(), record.seq(), frames, e.getMessage());
            return;
        }
        frames += pending.size();
        chunkCount++;
    }

    /** How the recording ended; null until {@link #next()} has returned null. */
    public RecordingStatus status() {
        return status;
    }

    @Override
    public void close() throws IOException {
        chunks.close();
    }

    /** Waits for a file to grow past a size, with a bounded back-off. */
    private static final class Growth {
        private final Options options;
        private final long started = System.nanoTime();
        private long wait = MIN_WAIT_MILLIS;

        Growth(Options options) {
            this.options = options;
        }

        /** @return true once the file is larger than {@code size}; false after the idle limit */
        boolean await(Path file, long size) throws IOException {
            Duration idle = options.followIdle();
            while (true) {
                if (Files.size(file) > size) {
                    return true;
                }
                if (idle != null && System.nanoTime() - started >= idle.toNanos()) {
                    return false;
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while following " + file.getFileName());
                }
                wait = Math.min(MAX_WAIT_MILLIS, wait * 2);
            }
        }
    }
}
