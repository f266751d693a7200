package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

import java.util.Objects;

/**
 * One complete protocol message exactly as it arrived: {@link #content()} holds the full message bytes, type byte
 * (if any) and length included, so forwarding a frame untouched is just writing its content.
 *
 * <p>Typed messages are {@code Byte1 type, Int32 length, body}; the untyped startup-phase messages (StartupMessage,
 * SSLRequest, GSSENCRequest, CancelRequest) are {@code Int32 length, Int32 code, ...}, and for them the
 * {@linkplain #body() body} starts with the code (it is everything after the length).
 *
 * <p>Reference counted like any {@link io.netty.buffer.ByteBufHolder}: whoever receives a frame releases it.
 * {@link #toString()} shows the type and length only, never content.
 */
public final class Frame extends DefaultByteBufHolder {

    private final boolean typed;
    private final byte type;
    /** How many messages the content holds: 1, or more for a {@linkplain #dataRowRun run of DataRows}. */
    private final int messages;

    private Frame(boolean typed, byte type, ByteBuf content, int messages) {
        super(content);
        this.typed = typed;
        this.type = type;
        this.messages = messages;
    }

    /**
     * Wraps a complete typed message; takes ownership of {@code fullMessage}.
     *
     * @throws IllegalArgumentException if the bytes are not one complete message of that type (the caller keeps
     *                                  ownership in that case)
     */
    public static Frame typed(byte type, ByteBuf fullMessage) {
        Objects.requireNonNull(fullMessage, "fullMessage");
        int n = fullMessage.readableBytes();
        int ri = fullMessage.readerIndex();
        if (n < 5 || fullMessage.getByte(ri) != type || fullMessage.getInt(ri + 1) != n - 1) {
            throw new IllegalArgumentException(
                    "not one complete " + MessageType.describe(type) + " message (" + n + " bytes)");
        }
        return new Frame(true, type, fullMessage, 1);
    }

    /**
     * Wraps consecutive complete DataRow messages as one frame of type {@link MessageType#DATA_ROW}, for a relay that
     * forwards rows without looking into them (see {@link PgFrameDecoder#coalesceDataRows}); takes ownership of
     * {@code rows}. Such a frame has no single {@link #body()} or {@link #length()}.
     *
     * @param messages how many messages {@code rows} holds, at least 1 (the decoder has checked each one)
     */
    public static Frame dataRowRun(ByteBuf rows, int messages) {
        Objects.requireNonNull(rows, "rows");
        if (messages < 1) {
            throw new IllegalArgumentException("a run holds at least one DataRow");
        }
        if (messages == 1) {
            return typed(MessageType.DATA_ROW, rows);
        }
        return new Frame(true, MessageType.DATA_ROW, rows, messages);
    }

    /** How many messages this frame holds: 1, except for a {@linkplain #dataRowRun run of DataRows}. */
    public int messages() {
        return messages;
    }

    /**
     * Wraps a complete untyped startup-phase message; takes ownership of {@code fullMessage}.
     *
     * @throws IllegalArgumentException if the bytes are not one complete untyped message (the caller keeps
     *                                  ownership in that case)
     */
    public static Frame untyped(ByteBuf fullMessage) {
        Objects.requireNonNull(fullMessage, "fullMessage");
        int n = fullMessage.readableBytes();
        if (n < 8 || fullMessage.getInt(fullMessage.readerIndex()) != n) {
            throw new IllegalArgumentException("not one complete untyped message (" + n + " bytes)");
        }
        return new Frame(false, (byte) 0, fullMessage, 1);
    }

    /** The type byte, or 0 for an untyped startup-phase message (typed frames never have type 0). */
    public byte type() {
        return type;
    }

    /** False for the untyped startup-phase messages. */
    public boolean isTyped() {
        return typed;
    }

    /** The Int32 length field: the message length including the length itself, excluding the type byte. */
    public int length() {
        requireSingle();
        ByteBuf c = content();
        return c.getInt(c.readerIndex() + (typed ? 1 : 0));
    }

    /**
     * The Int32 code of an untyped message (protocol version, or SSLRequest/GSSENCRequest/CancelRequest code).
     *
     * @throws IllegalStateException for a typed frame
     */
    public int code() {
        if (typed) {
            throw new IllegalStateException("typed frames have no code");
        }
        ByteBuf c = content();
        return c.getInt(c.readerIndex() + 4);
    }

    /** The bytes after the header (type byte and length): a slice, no copy, not retained. */
    public ByteBuf body() {
        requireSingle();
        ByteBuf c = content();
        int header = typed ? 5 : 4;
        return c.slice(c.readerIndex() + header, c.readableBytes() - header);
    }

    /** A run of several DataRows must never be read as one message: fail loudly rather than misread it. */
    private void requireSingle() {
        if (messages != 1) {
            throw new IllegalStateException("a run of " + messages + " DataRow messages has no single body");
        }
    }

    @Override
    public Frame replace(ByteBuf content) {
        return new Frame(typed, type, content, messages);
    }

    @Override
    public Frame copy() {
        return (Frame) super.copy();
    }

    @Override
    public Frame duplicate() {
        return (Frame) super.duplicate();
    }

    @Override
    public Frame retainedDuplicate() {
        return (Frame) super.retainedDuplicate();
    }

    @Override
    public Frame retain() {
        super.retain();
        return this;
    }

    @Override
    public Frame retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public Frame touch() {
        super.touch();
        return this;
    }

    @Override
    public Frame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    /** Equal if both are typed (with the same type) or both untyped, and the bytes are equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Frame)) {
            return false;
        }
        Frame other = (Frame) o;
        return typed == other.typed && type == other.type && content().equals(other.content());
    }

    @Override
    public int hashCode() {
        return 31 * content().hashCode() + type;
    }

    /** Type and length only: the content may hold PHI or passwords. */
    @Override
    public String toString() {
        if (refCnt() == 0) {
            return typed ? "Frame(" + MessageType.describe(type) + ", released)" : "Frame(untyped, released)";
        }
        return typed
                ? "Frame(" + MessageType.describe(type) + ", length=" + length() + ")"
                : "Frame(untyped, length=" + length() + ")";
    }
}
