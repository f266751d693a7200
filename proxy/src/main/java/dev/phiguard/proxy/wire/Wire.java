package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Encoding helpers shared by the messages. Package-private: the public surface is the messages. */
final class Wire {

    static final int MAX_COUNT = 0xFFFF;

    private Wire() {
    }

    /** Writes the type byte and a length placeholder; returns the start index for {@link #endMessage}. */
    static int beginMessage(ByteBuf out, byte type) {
        int start = out.writerIndex();
        out.writeByte(type);
        out.writeInt(0);
        return start;
    }

    /** Patches the length of a message begun with {@link #beginMessage}. */
    static void endMessage(ByteBuf out, int start) {
        out.setInt(start + 1, out.writerIndex() - start - 1);
    }

    /** Writes a length placeholder of an untyped message; returns the start index for {@link #endUntyped}. */
    static int beginUntyped(ByteBuf out) {
        int start = out.writerIndex();
        out.writeInt(0);
        return start;
    }

    static void endUntyped(ByteBuf out, int start) {
        out.setInt(start, out.writerIndex() - start);
    }

    /** A message without body: type byte and length 4. */
    static void writeEmpty(ByteBuf out, byte type) {
        out.writeByte(type);
        out.writeInt(4);
    }

    /** A typed message whose body is exactly {@code body}'s readable bytes (reader index unchanged). */
    static void writeRaw(ByteBuf out, byte type, ByteBuf body) {
        out.writeByte(type);
        out.writeInt(4 + body.readableBytes());
        writeBytes(out, body);
    }

    /** Writes {@code s} as UTF-8 followed by NUL; rejects strings containing NUL, which would corrupt the framing. */
    static void writeCString(ByteBuf out, String s) {
        int start = out.writerIndex();
        ByteBufUtil.writeUtf8(out, s);
        if (out.indexOf(start, out.writerIndex(), (byte) 0) >= 0) {
            out.writerIndex(start);
            throw new IllegalArgumentException("string contains a NUL character");
        }
        out.writeByte(0);
    }

    /** Writes the readable bytes of {@code src} without moving its reader index. */
    static void writeBytes(ByteBuf out, ByteBuf src) {
        out.writeBytes(src, src.readerIndex(), src.readableBytes());
    }

    /** Int32 length (or -1 for a null {@code value}) followed by the bytes. */
    static void writeValue(ByteBuf out, ByteBuf value) {
        if (value == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(value.readableBytes());
            writeBytes(out, value);
        }
    }

    static void writeCount(ByteBuf out, int count) {
        if (count > MAX_COUNT) {
            throw new IllegalArgumentException("count " + count + " exceeds the protocol limit of " + MAX_COUNT);
        }
        out.writeShort(count);
    }

    /** Int16 count followed by the Int16 values. */
    static void writeShorts(ByteBuf out, List<Short> values) {
        int n = values.size();
        writeCount(out, n);
        for (int i = 0; i < n; i++) {
            out.writeShort(values.get(i));
        }
    }

    /** Int16 count followed by the length-prefixed values (null = -1). */
    static void writeValues(ByteBuf out, List<ByteBuf> values) {
        int n = values.size();
        writeCount(out, n);
        for (int i = 0; i < n; i++) {
            writeValue(out, values.get(i));
        }
    }

    /** An immutable copy that may hold nulls; lists built by the decoders are taken as they are. */
    static List<ByteBuf> nullableCopy(List<ByteBuf> values) {
        Objects.requireNonNull(values, "values");
        if (values instanceof NullableList) {
            return values;
        }
        return Collections.unmodifiableList(new ArrayList<>(values));
    }

    static List<Short> checkedShorts(List<Short> values, String what) {
        List<Short> copy = List.copyOf(Objects.requireNonNull(values, what));
        if (copy.size() > MAX_COUNT) {
            throw new IllegalArgumentException(what + ": more than " + MAX_COUNT + " elements");
        }
        return copy;
    }

    static void checkCount(int count, String what) {
        if (count > MAX_COUNT) {
            throw new IllegalArgumentException(what + ": more than " + MAX_COUNT + " elements");
        }
    }

    /** How a string appears in {@code toString()} when its content must not be shown. */
    static String redacted(String s) {
        return s == null ? "null" : "<" + s.length() + " chars>";
    }

    static String redacted(ByteBuf b) {
        return b == null ? "NULL" : "<" + b.readableBytes() + " bytes>";
    }

    static String redacted(byte[] b) {
        return b == null ? "null" : "<" + b.length + " bytes>";
    }
}
