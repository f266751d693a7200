package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** CloseComplete ('3'): no body. */
public record CloseComplete() implements BackendMessage {

    public static final CloseComplete INSTANCE = new CloseComplete();

    public static CloseComplete decode(ByteBuf body) {
        BodyReader.of(body, "CloseComplete").expectEnd();
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeEmpty(out, MessageType.CLOSE_COMPLETE);
    }
}
