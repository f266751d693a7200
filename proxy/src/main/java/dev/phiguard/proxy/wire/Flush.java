package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** Flush ('H'): no body. */
public record Flush() implements FrontendMessage {

    public static final Flush INSTANCE = new Flush();

    public static Flush decode(ByteBuf body) {
        BodyReader.of(body, "Flush").expectEnd();
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeEmpty(out, MessageType.FLUSH);
    }
}
