package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** ParseComplete ('1'): no body. */
public record ParseComplete() implements BackendMessage {

    public static final ParseComplete INSTANCE = new ParseComplete();

    public static ParseComplete decode(ByteBuf body) {
        BodyReader.of(body, "ParseComplete").expectEnd();
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeEmpty(out, MessageType.PARSE_COMPLETE);
    }
}
