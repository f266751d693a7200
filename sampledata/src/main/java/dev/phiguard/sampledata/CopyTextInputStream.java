package dev.phiguard.sampledata;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A UTF-8 byte stream of COPY text-format rows for ids {@code firstId..lastId}, generated in chunks of about
 * {@value #CHUNK_CHARS} characters while it is read; memory use does not depend on the number of rows.
 */
final class CopyTextInputStream extends ChunkedInputStream {

    /** Appends the COPY text rows of one id (zero or more lines). */
    @FunctionalInterface
    interface RowWriter {
        void append(long id, StringBuilder out);
    }

    static final int CHUNK_CHARS = 64 * 1024;

    private final long lastId;
    private final RowWriter writer;
    private final StringBuilder chars = new StringBuilder(CHUNK_CHARS + 4096);
    private long nextId;

    CopyTextInputStream(long firstId, long lastId, RowWriter writer) {
        this.nextId = firstId;
        this.lastId = lastId;
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    @Override
    protected boolean produceNextChunk() {
        if (nextId > lastId) {
            return false;
        }
        chars.setLength(0);
        while (chars.length() < CHUNK_CHARS && nextId <= lastId) {
            writer.append(nextId++, chars);
        }
        byte[] bytes = chars.toString().getBytes(StandardCharsets.UTF_8);
        publish(bytes, bytes.length);
        return true;
    }
}
