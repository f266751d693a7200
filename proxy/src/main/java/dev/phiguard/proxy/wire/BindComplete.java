package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** BindComplete ('2'): no body. */
public record BindComplete() implements BackendMessage {

    public static final BindComplete INSTANCE = new BindComplete();

    public static BindComplete decode(ByteBuf body) {
        BodyReader.of(body, "BindComplete").expectEnd();
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeEmpty(out, MessageType.BIND_COMPLETE);
    }
}
