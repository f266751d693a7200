package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** SSLRequest (untyped): {@code Int32 8, Int32 80877103}. */
public record SslRequest() implements FrontendMessage {

    public static final SslRequest INSTANCE = new SslRequest();

    /** @param body everything after the length (the code) */
    public static SslRequest decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "SSLRequest");
        if (r.readInt("code") != MessageType.SSL_REQUEST_CODE) {
            throw r.violation("wrong request code");
        }
        r.expectEnd();
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(8);
        out.writeInt(MessageType.SSL_REQUEST_CODE);
    }
}
