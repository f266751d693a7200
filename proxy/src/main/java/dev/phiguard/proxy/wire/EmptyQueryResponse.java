package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** EmptyQueryResponse ('I'): no body. */
public record EmptyQueryResponse() implements BackendMessage {

    public static final EmptyQueryResponse INSTANCE = new EmptyQueryResponse();

    public static EmptyQueryResponse decode(ByteBuf body) {
        BodyReader.of(body, "EmptyQueryResponse").expectEnd();
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeEmpty(out, MessageType.EMPTY_QUERY_RESPONSE);
    }
}
