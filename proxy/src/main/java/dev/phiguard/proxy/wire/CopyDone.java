package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** CopyDone ('c'), sent by either side: no body. */
public record CopyDone() implements FrontendMessage, BackendMessage {

    public static final CopyDone INSTANCE = new CopyDone();

    public static CopyDone decode(ByteBuf body) {
        BodyReader.of(body, "CopyDone").expectEnd();
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeEmpty(out, MessageType.COPY_DONE);
    }
}
