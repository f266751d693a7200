package dev.phiguard.proxy.recording;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How recordings are written (keys are passed separately, so that this record can be shown and logged).
 *
 * @param directory         where one file per session is created
 * @param literals          what is kept of constants and Bind parameters
 * @param chunkBytes        a chunk is written when it reaches this size, even before the next statement boundary
 * @param queueChunks       how many chunks may wait for the disk writer (all sessions together)
 * @param backpressureLimit how long a session's event loop may wait for room in that queue before the session is
 *                          closed instead (never longer: the event loop serves other sessions too)
 * @param flushInterval     statements that end within this time of the last write are written together, at most
 *                          this long after the first of them ended; zero writes at every statement boundary
 */
public record RecordingSettings(Path directory, LiteralPolicy literals, int chunkBytes, int queueChunks,
                                Duration backpressureLimit, Duration flushInterval) {

    public static final int DEFAULT_CHUNK_BYTES = 64 * 1024;
    public static final int DEFAULT_QUEUE_CHUNKS = 256;
    public static final Duration DEFAULT_BACKPRESSURE_LIMIT = Duration.ofSeconds(2);

    public RecordingSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(literals, "literals");
        Objects.requireNonNull(backpressureLimit, "backpressureLimit");
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be positive, got " + chunkBytes);
        }
        if (queueChunks < 1) {
            throw new IllegalArgumentException("queueChunks must be positive, got " + queueChunks);
        }
        if (backpressureLimit.isNegative()) {
            throw new IllegalArgumentException("backpressureLimit must not be negative");
        }
        Objects.requireNonNull(flushInterval, "flushInterval");
        if (flushInterval.isNegative()) {
            throw new IllegalArgumentException("flushInterval must not be negative");
        }
    }

    /** Hashed constants, 64 KiB chunks, 256 queued chunks, 2 s of back-pressure at most, a write per statement. */
    public static RecordingSettings defaults(Path directory) {
        return new RecordingSettings(directory, LiteralPolicy.HASH, DEFAULT_CHUNK_BYTES, DEFAULT_QUEUE_CHUNKS,
                DEFAULT_BACKPRESSURE_LIMIT, Duration.ZERO);
    }

    public RecordingSettings withFlushInterval(Duration flushInterval) {
        return new RecordingSettings(directory, literals, chunkBytes, queueChunks, backpressureLimit, flushInterval);
    }

    public RecordingSettings withLiterals(LiteralPolicy literals) {
        return new RecordingSettings(directory, literals, chunkBytes, queueChunks, backpressureLimit, flushInterval);
    }

    public RecordingSettings withChunkBytes(int chunkBytes) {
        return new RecordingSettings(directory, literals, chunkBytes, queueChunks, backpressureLimit, flushInterval);
    }

    public RecordingSettings withQueue(int queueChunks, Duration backpressureLimit) {
        return new RecordingSettings(directory, literals, chunkBytes, queueChunks, backpressureLimit, flushInterval);
    }
}
