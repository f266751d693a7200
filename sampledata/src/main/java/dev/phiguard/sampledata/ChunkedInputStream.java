package dev.phiguard.sampledata;

import java.io.InputStream;
import java.util.Objects;

/**
 * An {@link InputStream} whose bytes are produced chunk by chunk, on demand, by a subclass: the whole content never
 * exists in memory at once.
 */
abstract class ChunkedInputStream extends InputStream {

    private byte[] chunk = new byte[0];
    private int limit;
    private int position;

    /**
     * Produces the next chunk by calling {@link #publish}; returns false when there is nothing left. A call may
     * publish an empty chunk (it is then called again).
     */
    protected abstract boolean produceNextChunk();

    /** Makes {@code bytes[0..length)} the current chunk; the array may be reused by the next production. */
    protected final void publish(byte[] bytes, int length) {
        this.chunk = bytes;
        this.limit = length;
        this.position = 0;
    }

    @Override
    public final int read() {
        if (!ensureAvailable()) {
            return -1;
        }
        return chunk[position++] & 0xFF;
    }

    @Override
    public final int read(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (!ensureAvailable()) {
            return -1;
        }
        int count = Math.min(length, limit - position);
        System.arraycopy(chunk, position, buffer, offset, count);
        position += count;
        return count;
    }

    @Override
    public final int available() {
        return limit - position;
    }

    private boolean ensureAvailable() {
        while (position == limit) {
            if (!produceNextChunk()) {
                return false;
            }
        }
        return true;
    }
}
