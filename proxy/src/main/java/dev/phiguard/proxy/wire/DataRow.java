package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.util.List;
import java.util.Objects;

/**
 * DataRow ('D'): {@code Int16 n, (Int32 length (-1 = NULL), Byte[length] value)[n]}.
 *
 * <p>{@link #decode} only records where each column starts (one {@code int[]}, no copy of any value); the values
 * stay in the frame's body and are valid while the frame is alive. {@link #column(int)} returns a slice.
 *
 * <p>To rewrite a row (masking), use a reusable {@link Writer}: copy the untouched columns straight from the
 * original row ({@link Writer#copy}) and write replacements for the others; nothing is materialized in between.
 * {@code toString()} shows the column count only.
 */
public final class DataRow implements BackendMessage {

    private final ByteBuf body;
    /** Column i: {@code layout[2i]} = absolute index of its value in {@code body}, {@code layout[2i+1]} = its length
     *  or -1 for NULL. */
    private final int[] layout;

    private DataRow(ByteBuf body, int[] layout) {
        this.body = body;
        this.layout = layout;
    }

    /** Reads the column layout of a DataRow body; the row keeps {@code body} (not retained, not copied). */
    public static DataRow decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "DataRow");
        int n = r.readCount("column count");
        r.needFor(n, 4, "column");
        int[] layout = new int[2 * n];
        int pos = body.readerIndex() + 2;
        int end = body.writerIndex();
        for (int i = 0; i < n; i++) {
            if (end - pos < 4) {
                throw r.violation("length of column " + (i + 1) + " of " + n + " is missing");
            }
            int len = body.getInt(pos);
            pos += 4;
            if (len < -1) {
                throw r.violation("invalid length " + len + " of column " + (i + 1));
            }
            if (len > end - pos) {
                throw r.violation("length " + len + " of column " + (i + 1) + " exceeds the "
                        + (end - pos) + " remaining bytes");
            }
            layout[2 * i] = pos;
            layout[2 * i + 1] = len;
            if (len > 0) {
                pos += len;
            }
        }
        if (pos != end) {
            throw r.violation(BodyReader.trailing(end - pos));
        }
        return new DataRow(body, layout);
    }

    /** A row over a fresh heap buffer holding {@code columns} (null = NULL); for synthesized rows and tests. */
    public static DataRow of(List<ByteBuf> columns) {
        ByteBuf buf = Unpooled.buffer();
        encode(buf, columns);
        return decode(buf.skipBytes(5));
    }

    public int columnCount() {
        return layout.length / 2;
    }

    /** True if column {@code i} (0-based) is SQL NULL. */
    public boolean isNull(int i) {
        return layout[2 * check(i) + 1] < 0;
    }

    /** The length of column {@code i}'s value in bytes, or -1 for NULL. */
    public int columnLength(int i) {
        return layout[2 * check(i) + 1];
    }

    /** Column {@code i} (0-based) as a slice of the frame (no copy, not retained), or null for SQL NULL. */
    public ByteBuf column(int i) {
        check(i);
        int len = layout[2 * i + 1];
        return len < 0 ? null : body.slice(layout[2 * i], len);
    }

    private int check(int i) {
        if (i < 0 || i >= layout.length / 2) {
            throw new IndexOutOfBoundsException("column " + i + " of " + (layout.length / 2));
        }
        return i;
    }

    /** Writes this row unchanged (pass-through). */
    @Override
    public void encode(ByteBuf out) {
        Wire.writeRaw(out, MessageType.DATA_ROW, body);
    }

    /** Writes a DataRow holding {@code columns} (null element = NULL; reader indices unchanged). */
    public static void encode(ByteBuf out, List<ByteBuf> columns) {
        int start = Wire.beginMessage(out, MessageType.DATA_ROW);
        Wire.writeValues(out, columns);
        Wire.endMessage(out, start);
    }

    /** Equal if the column count and every value (or NULL) are equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DataRow)) {
            return false;
        }
        DataRow other = (DataRow) o;
        int n = columnCount();
        if (n != other.columnCount()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int len = layout[2 * i + 1];
            if (len != other.layout[2 * i + 1]) {
                return false;
            }
            if (len > 0 && !ByteBufUtil.equals(body, layout[2 * i], other.body, other.layout[2 * i], len)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = columnCount();
        for (int i = 0; i < columnCount(); i++) {
            int len = layout[2 * i + 1];
            h = 31 * h + (len < 0 ? -1 : body.slice(layout[2 * i], len).hashCode());
        }
        return h;
    }

    /** The column count only: values may be PHI. */
    @Override
    public String toString() {
        return "DataRow[columns=" + columnCount() + "]";
    }

    /**
     * Writes a new DataRow column by column without building intermediate lists or buffers. Reusable (one per
     * session): {@link #begin} starts a row, the column methods append in order, {@link #end} checks the count and
     * patches the length. Not thread-safe.
     *
     * <pre>{@code
     * writer.begin(out, row.columnCount());
     * for (int i = 0; i < row.columnCount(); i++) {
     *     if (masked[i] && !row.isNull(i)) writer.writeText(mask(row.column(i))); else writer.copy(row, i);
     * }
     * writer.end();
     * }</pre>
     *
     * If a row cannot be completed, {@link #abort()} removes the partial row from {@code out}.
     */
    public static final class Writer {

        private ByteBuf out;
        private int start;
        private int expected;
        private int written;

        /** Starts a row of {@code columnCount} columns at {@code out}'s writer index. */
        public Writer begin(ByteBuf out, int columnCount) {
            if (this.out != null) {
                throw new IllegalStateException("previous row not ended");
            }
            Objects.requireNonNull(out, "out");
            Wire.checkCount(columnCount, "columnCount");
            if (columnCount < 0) {
                throw new IllegalArgumentException("negative column count");
            }
            this.start = Wire.beginMessage(out, MessageType.DATA_ROW);
            out.writeShort(columnCount);
            this.out = out;
            this.expected = columnCount;
            this.written = 0;
            return this;
        }

        private ByteBuf next() {
            if (out == null) {
                throw new IllegalStateException("no row begun");
            }
            if (written == expected) {
                throw new IllegalStateException("row already has its " + expected + " columns");
            }
            written++;
            return out;
        }

        /** Appends column {@code i} of {@code row} unchanged (a byte copy from the frame, no slice allocated). */
        public Writer copy(DataRow row, int i) {
            ByteBuf o = next();
            int len = row.columnLength(i);
            o.writeInt(len);
            if (len > 0) {
                o.writeBytes(row.body, row.layout[2 * i], len);
            }
            return this;
        }

        /** Appends SQL NULL. */
        public Writer writeNull() {
            next().writeInt(-1);
            return this;
        }

        /** Appends the readable bytes of {@code value} (reader index unchanged), or NULL if null. */
        public Writer write(ByteBuf value) {
            Wire.writeValue(next(), value);
            return this;
        }

        /** Appends {@code value}, or NULL if null. */
        public Writer write(byte[] value) {
            ByteBuf o = next();
            if (value == null) {
                o.writeInt(-1);
            } else {
                o.writeInt(value.length);
                o.writeBytes(value);
            }
            return this;
        }

        /** Appends {@code text} encoded as UTF-8 directly into the output (text format), or NULL if null. */
        public Writer writeText(CharSequence text) {
            ByteBuf o = next();
            if (text == null) {
                o.writeInt(-1);
            } else {
                int lengthIndex = o.writerIndex();
                o.writeInt(0);
                int n = ByteBufUtil.writeUtf8(o, text);
                o.setInt(lengthIndex, n);
            }
            return this;
        }

        /** Finishes the row: checks that every column was written and patches the message length. */
        public void end() {
            if (out == null) {
                throw new IllegalStateException("no row begun");
            }
            if (written != expected) {
                throw new IllegalStateException("row has " + written + " of its " + expected + " columns");
            }
            Wire.endMessage(out, start);
            out = null;
        }

        /** Drops the partial row from the output (writer index back to where {@link #begin} started). */
        public void abort() {
            if (out != null) {
                out.writerIndex(start);
                out = null;
            }
        }
    }
}
