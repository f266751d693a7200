package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** Sync ('S'): no body. */
public record Sync() implements FrontendMessage {

    public static final Sync INSTANCE = new Sync();

    public static Sync decode(ByteBuf body) {
        BodyReader.of(body, "Sync").expectEnd();
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeEmpty(out, MessageType.SYNC);
    }
}
