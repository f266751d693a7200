package dev.phiguard.proxy.recording;

import dev.phiguard.proxy.port.RecordingSink.Direction;
import dev.phiguard.proxy.port.RecordingSink.SessionRecorder;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder of one session: the event-loop half (frame buffer, redaction, hand-over) of a recording; the
 * disk half is a {@link RecordingFileWriter} run by the {@link DiskWriter}. See {@link RecordingWriter} for the
 * back-pressure rules.
 */
final class SessionRecording implements SessionRecorder {

    private static final Logger log = LoggerFactory.getLogger(SessionRecording.class);

    private final String sessionId;
    private final RecordingFileWriter file;
    private final MessageRedaction redaction;
    private final DiskWriter disk;
    private final RecordingSettings settings;
    private final long originNanos;
    private final FramePayload chunk = new FramePayload();
    /** Set by the disk writer when the file cannot be written; read on the event loop. */
    private volatile IOException failure;
    private boolean closed;
    /** When the last chunk was handed over (System.nanoTime); the first statement after a quiet spell goes at once. */
    private long lastHandOverNanos;
    private boolean handedOverOnce;
    /** A statement boundary is held back and the session will call {@link #flushHeld}. */
    private boolean held;

    SessionRecording(String sessionId, RecordingFileWriter file, MessageRedaction redaction, DiskWriter disk,
                     RecordingSettings settings, long originNanos) {
        this.sessionId = sessionId;
        this.file = file;
        this.redaction = redaction;
        this.disk = disk;
        this.settings = settings;
        this.originNanos = originNanos;
        handOver(() -> {
            try {
                file.open();
            } catch (IOException e) {
                fail(e);
            }
        });
    }

    @Override
    public void message(Direction direction, long nanoTime, ByteBuf message) {
        if (closed) {
            return;
        }
        IOException failed = failure;
        if (failed != null) {
            throw new RecordingFailedException("the recording of session " + sessionId
                    + " cannot be written; closing the session", failed);
        }
        long nanos = Math.max(0, nanoTime - originNanos);
        if (redaction.rewrites(direction, message)) {
            byte[] redacted = redaction.rewrite(message);
            chunk.append(direction, nanos, redacted, 0, redacted.length);
        } else {
            int length = message.readableBytes();
            int at = chunk.reserve(direction, nanos, length);
            message.getBytes(message.readerIndex(), chunk.array(), at, length);
        }
        if (chunk.size() >= settings.chunkBytes()) {
            flushChunk();
        }
    }

    @Override
    public long statementBoundary() {
        if (closed || chunk.isEmpty()) {
            return 0;
        }
        long interval = settings.flushInterval().toNanos();
        long now = System.nanoTime();
        if (interval == 0 || !handedOverOnce || now - lastHandOverNanos >= interval) {
            flushChunk();
            return 0;
        }
        if (held) {
            return 0; // the session already waits to call flushHeld
        }
        held = true;
        return Math.max(1, lastHandOverNanos + interval - now);
    }

    @Override
    public void flushHeld() {
        held = false;
        if (!closed && !chunk.isEmpty()) {
            flushChunk();
        }
    }

    @Override
    public void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        String why = reason == null ? "closed" : reason;
        Instant closedAt = Instant.now();
        try {
            if (!chunk.isEmpty()) {
                flushChunk();
            }
            handOver(() -> {
                if (failure != null) {
                    file.abandon();
                    return;
                }
                try {
                    file.close(why, closedAt);
                } catch (IOException e) {
                    fail(e);
                }
            });
        } catch (RecordingFailedException e) {
            // the tasks still queued for this file see the failure and close it
            log.error("session {}: the recording stays without its trailer (it reads as truncated): {}", sessionId,
                    e.getMessage());
        }
    }

    private void flushChunk() {
        lastHandOverNanos = System.nanoTime();
        handedOverOnce = true;
        int frames = chunk.frames();
        long bytes = chunk.messageBytes();
        byte[] payload = chunk.take();
        handOver(() -> {
            if (failure != null) {
                file.abandon();
                return;
            }
            try {
                file.append(payload, frames, bytes);
            } catch (IOException | RuntimeException e) {
                fail(e instanceof IOException io ? io : new IOException(e.getClass().getSimpleName(), e));
            }
        });
    }

    private void handOver(Runnable task) {
        if (!disk.submit(task, settings.backpressureLimit())) {
            IOException behind = new IOException("the recording disk writer is more than " + settings.queueChunks()
                    + " chunks behind for longer than " + settings.backpressureLimit().toMillis() + " ms");
            failure = behind;
            throw new RecordingFailedException("the recording of session " + sessionId
                    + " cannot keep up; closing the session", behind);
        }
    }

    /** Disk-writer thread: the file is lost for writing; the session is closed at its next message. */
    private void fail(IOException e) {
        log.error("session {}: writing the recording {} failed: {}", sessionId, file.file().getFileName(),
                e.toString());
        failure = e;
        file.abandon();
    }
}
