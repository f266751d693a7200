package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** Terminate ('X'): no body. */
public record Terminate() implements FrontendMessage {

    public static final Terminate INSTANCE = new Terminate();

    public static Terminate decode(ByteBuf body) {
        BodyReader.of(body, "Terminate").expectEnd();
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeEmpty(out, MessageType.TERMINATE);
    }
}
