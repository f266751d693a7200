package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Encoding entry points. */
public final class Messages {

    private Messages() {
    }

    /** Encodes {@code message} into a new buffer from {@code alloc} (owned by the caller). */
    public static ByteBuf encode(ByteBufAllocator alloc, PgMessage message) {
        ByteBuf buf = alloc.ioBuffer();
        try {
            message.encode(buf);
            return buf;
        } catch (RuntimeException | Error e) {
            buf.release();
            throw e;
        }
    }

    /** Encodes {@code message} into a new {@link Frame} (owned by the caller), for code that takes frames. */
    public static Frame frame(ByteBufAllocator alloc, PgMessage message) {
        ByteBuf buf = encode(alloc, message);
        try {
            return isUntyped(message) ? Frame.untyped(buf) : Frame.typed(buf.getByte(buf.readerIndex()), buf);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    private static boolean isUntyped(PgMessage m) {
        return m instanceof StartupMessage || m instanceof SslRequest || m instanceof GssEncRequest
                || m instanceof CancelRequest;
    }
}
