package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** AuthenticationOk ('R', code 0). */
public record AuthenticationOk() implements Authentication {

    public static final AuthenticationOk INSTANCE = new AuthenticationOk();

    @Override
    public int code() {
        return MessageType.AUTH_OK;
    }

    /** @param body the bytes after the header, starting with the code */
    public static AuthenticationOk decode(ByteBuf body) {
        BodyReader.authentication(body, "AuthenticationOk", MessageType.AUTH_OK).expectEnd();
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageType.AUTHENTICATION);
        out.writeInt(8);
        out.writeInt(MessageType.AUTH_OK);
    }
}
