package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** GSSENCRequest (untyped): {@code Int32 8, Int32 80877104}. */
public record GssEncRequest() implements FrontendMessage {

    public static final GssEncRequest INSTANCE = new GssEncRequest();

    /** @param body everything after the length (the code) */
    public static GssEncRequest decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "GSSENCRequest");
        if (r.readInt("code") != MessageType.GSSENC_REQUEST_CODE) {
            throw r.violation("wrong request code");
        }
        r.expectEnd();
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(8);
        out.writeInt(MessageType.GSSENC_REQUEST_CODE);
    }
}
