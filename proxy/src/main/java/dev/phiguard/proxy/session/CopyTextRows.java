package dev.phiguard.proxy.session;

import dev.phiguard.proxy.port.RowPlan;
import dev.phiguard.proxy.wire.DataRow;
import dev.phiguard.proxy.wire.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Rewrites the rows of a {@code COPY ... TO STDOUT} in PostgreSQL's default text format: each CopyData
 * message the server sends holds one row (tab-separated fields, {@code \N} for NULL, backslash escapes, a
 * final newline). The row is unescaped into a DataRow, passed through the row plan, and escaped again. COPY
 * options that change the format (CSV, another delimiter or NULL string, binary) are refused: they cannot be
 * parsed safely here.
 */
final class CopyTextRows {
    private static final Pattern FORMAT_OPTIONS = Pattern.compile(
            "\\b(csv|binary|delimiter|null|header|quote|escape|force_quote|force_not_null|force_null|encoding|format)\\b");

    private CopyTextRows() {}

    /** Null if the COPY statement uses the default text format; otherwise why it cannot be rewritten. */
    static String unsupportedOptions(String sql, byte overallFormat) {
        if (overallFormat != 0) {
            return "binary COPY";
        }
        String lower = sql.toLowerCase(Locale.ROOT);
        int stdout = lower.lastIndexOf("stdout");
        String options = stdout < 0 ? lower : lower.substring(stdout + "stdout".length());
        var m = FORMAT_OPTIONS.matcher(options);
        return m.find() ? "COPY option " + m.group(1).toUpperCase(Locale.ROOT) : null;
    }

    /**
     * Rewrites one CopyData message body (one row).
     *
     * @return the complete replacement CopyData message, or null when the row is unchanged
     */
    static ByteBuf rewrite(ByteBuf row, int columnCount, RowPlan plan, ByteBufAllocator alloc) {
        List<ByteBuf> values = split(row, columnCount);
        ByteBuf asDataRow = alloc.buffer(row.readableBytes() + 4 * columnCount + 8);
        ByteBuf replacement;
        try {
            DataRow.encode(asDataRow, values);
            replacement = plan.rewrite(DataRow.decode(asDataRow.slice(5, asDataRow.readableBytes() - 5)), alloc);
        } finally {
            asDataRow.release();
        }
        if (replacement == null) {
            return null;
        }
        try {
            ByteBuf body = replacement.slice(replacement.readerIndex() + 5, replacement.readableBytes() - 5);
            DataRow rewritten = DataRow.decode(body);
            ByteBuf out = alloc.buffer(row.readableBytes() + 16);
            out.writeByte(MessageType.COPY_DATA).writeInt(0);
            for (int i = 0; i < rewritten.columnCount(); i++) {
                if (i > 0) {
                    out.writeByte('\t');
                }
                ByteBuf value = rewritten.column(i);
                if (value == null) {
                    out.writeByte('\\').writeByte('N');
                } else {
                    escape(value, out);
                }
            }
            out.writeByte('\n');
            out.setInt(1, out.readableBytes() - 1);
            return out;
        } finally {
            replacement.release();
        }
    }

    private static List<ByteBuf> split(ByteBuf row, int columnCount) {
        int end = row.writerIndex();
        if (end == row.readerIndex() || row.getByte(end - 1) != '\n') {
            throw new IllegalStateException("a COPY row does not end with a newline");
        }
        List<ByteBuf> values = new ArrayList<>(columnCount);
        int start = row.readerIndex();
        int last = end - 1;
        while (true) {
            int tab = row.indexOf(start, last, (byte) '\t');
            values.add(unescape(row, start, tab < 0 ? last : tab));
            if (tab < 0) {
                break;
            }
            start = tab + 1;
        }
        if (values.size() != columnCount) {
            throw new IllegalStateException("a COPY row has " + values.size() + " fields, expected " + columnCount);
        }
        return values;
    }

    private static ByteBuf unescape(ByteBuf row, int from, int to) {
        if (to - from == 2 && row.getByte(from) == '\\' && row.getByte(from + 1) == 'N') {
            return null;
        }
        if (row.indexOf(from, to, (byte) '\\') < 0) {
            return row.slice(from, to - from);
        }
        // a plain array wrapped at the end: no pooled memory to release, no leak tracking
        byte[] in = new byte[to - from];
        row.getBytes(from, in);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b != '\\' || i + 1 >= in.length) {
                out.write(b);
                continue;
            }
            byte c = in[++i];
            switch (c) {
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0b);
                default -> {
                    if (c >= '0' && c <= '7') {
                        int v = c - '0';
                        for (int k = 0; k < 2 && i + 1 < in.length && in[i + 1] >= '0' && in[i + 1] <= '7'; k++) {
                            v = v * 8 + (in[++i] - '0');
                        }
                        out.write(v);
                    } else if (c == 'x' && i + 1 < in.length && hex(in[i + 1]) >= 0) {
                        int v = hex(in[++i]);
                        if (i + 1 < in.length && hex(in[i + 1]) >= 0) {
                            v = v * 16 + hex(in[++i]);
                        }
                        out.write(v);
                    } else {
                        out.write(c); // \\ and any other escaped character stand for themselves
                    }
                }
            }
        }
        return Unpooled.wrappedBuffer(out.toByteArray());
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** Writes a value in COPY text format: runs without special bytes are copied at once. */
    private static void escape(ByteBuf value, ByteBuf out) {
        byte[] bytes = new byte[value.readableBytes()];
        value.getBytes(value.readerIndex(), bytes);
        int run = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte escaped = switch (bytes[i]) {
                case '\\' -> '\\';
                case '\b' -> 'b';
                case '\f' -> 'f';
                case '\n' -> 'n';
                case '\r' -> 'r';
                case '\t' -> 't';
                case 0x0b -> 'v';
                default -> 0;
            };
            if (escaped != 0) {
                out.writeBytes(bytes, run, i - run).writeByte('\\').writeByte(escaped);
                run = i + 1;
            }
        }
        out.writeBytes(bytes, run, bytes.length - run);
    }
}
