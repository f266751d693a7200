package dev.phiguard.sampledata;

import java.util.Objects;

/**
 * A {@code COPY ... (FORMAT binary)} byte stream for ids {@code firstId..lastId}: header, rows generated in chunks
 * of about {@value #CHUNK_BYTES} bytes while the stream is read, trailer.
 */
final class CopyBinaryInputStream extends ChunkedInputStream {

    /** Appends the binary rows of one id (zero or more rows). */
    @FunctionalInterface
    interface RowWriter {
        void append(long id, CopyBinary out);
    }

    static final int CHUNK_BYTES = 128 * 1024;

    private final long lastId;
    private final RowWriter writer;
    private final CopyBinary buffer = new CopyBinary(CHUNK_BYTES + 8192);
    private long nextId;
    private boolean finished;

    CopyBinaryInputStream(long firstId, long lastId, RowWriter writer) {
        this.nextId = firstId;
        this.lastId = lastId;
        this.writer = Objects.requireNonNull(writer, "writer");
        buffer.header();
    }

    @Override
    protected boolean produceNextChunk() {
        if (finished) {
            return false;
        }
        while (buffer.size() < CHUNK_BYTES && nextId <= lastId) {
            writer.append(nextId++, buffer);
        }
        if (nextId > lastId) {
            buffer.trailer();
            finished = true;
        }
        publish(buffer.array(), buffer.size());
        buffer.clear();
        return true;
    }
}
