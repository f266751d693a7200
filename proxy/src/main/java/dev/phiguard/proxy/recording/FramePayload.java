package dev.phiguard.proxy.recording;

import dev.phiguard.proxy.port.RecordingSink.Direction;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The plaintext of a data chunk: frames back to back, each {@code Byte1 direction (0 = client to server,
 * 1 = server to client), Int64 nanoseconds since open, Int32 length, Byte[length] message}. A growable buffer
 * for the writer, a parser for readers.
 */
final class FramePayload {

    private byte[] bytes = new byte[4096];
    private int size;
    private int frames;
    private long messageBytes;

    /** Appends one frame; {@code message} is copied from {@code offset} for {@code length} bytes. */
    void append(Direction direction, long nanos, byte[] message, int offset, int length) {
        int at = reserve(direction, nanos, length);
        System.arraycopy(message, offset, bytes, at, length);
    }

    /** Appends the header of a frame of {@code length} bytes and returns the offset to copy the message to. */
    int reserve(Direction direction, long nanos, int length) {
        ensure(RecordingFormat.FRAME_HEADER_BYTES + length);
        ByteBuffer.wrap(bytes, size, RecordingFormat.FRAME_HEADER_BYTES)
                .put((byte) (direction == Direction.CLIENT_TO_SERVER ? 0 : 1)).putLong(nanos).putInt(length);
        int at = size + RecordingFormat.FRAME_HEADER_BYTES;
        size = at + length;
        frames++;
        messageBytes += length;
        return at;
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    int frames() {
        return frames;
    }

    long messageBytes() {
        return messageBytes;
    }

    boolean isEmpty() {
        return frames == 0;
    }

    /** The bytes so far, and a fresh empty buffer afterwards. */
    byte[] take() {
        byte[] out = Arrays.copyOf(bytes, size);
        size = 0;
        frames = 0;
        messageBytes = 0;
        if (bytes.length > 256 * 1024) {
            bytes = new byte[4096]; // do not keep a large message's buffer for the rest of the session
        }
        return out;
    }

    private void ensure(int more) {
        long needed = (long) size + more;
        if (needed > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("chunk too large");
        }
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, 2L * bytes.length)));
        }
    }

    /**
     * Parses a chunk's plaintext.
     *
     * @param firstIndex the index of its first frame in the recording
     * @throws RecordingException naming the frame if the plaintext is not a sequence of frames
     */
    static List<RecordedFrame> parse(byte[] plaintext, long firstIndex) throws RecordingException {
        List<RecordedFrame> out = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(plaintext);
        while (in.hasRemaining()) {
            long index = firstIndex + out.size();
            if (in.remaining() < RecordingFormat.FRAME_HEADER_BYTES) {
                throw new RecordingException("frame " + index + " is cut short");
            }
            byte d = in.get();
            if (d != 0 && d != 1) {
                throw new RecordingException("frame " + index + " has an invalid direction");
            }
            long nanos = in.getLong();
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new RecordingException("frame " + index + " has an invalid length");
            }
            byte[] message = new byte[length];
            in.get(message);
            out.add(new RecordedFrame(index, d == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                    nanos, message));
        }
        return out;
    }
}
