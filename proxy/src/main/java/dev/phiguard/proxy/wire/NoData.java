package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** NoData ('n'): no body. */
public record NoData() implements BackendMessage {

    public static final NoData INSTANCE = new NoData();

    public static NoData decode(ByteBuf body) {
        BodyReader.of(body, "NoData").expectEnd();
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeEmpty(out, MessageType.NO_DATA);
    }
}
