package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** AuthenticationCleartextPassword ('R', code 3). */
public record AuthenticationCleartextPassword() implements Authentication {

    public static final AuthenticationCleartextPassword INSTANCE = new AuthenticationCleartextPassword();

    @Override
    public int code() {
        return MessageType.AUTH_CLEARTEXT_PASSWORD;
    }

    /** @param body the bytes after the header, starting with the code */
    public static AuthenticationCleartextPassword decode(ByteBuf body) {
        BodyReader.authentication(body, "AuthenticationCleartextPassword", MessageType.AUTH_CLEARTEXT_PASSWORD)
                .expectEnd();
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageType.AUTHENTICATION);
        out.writeInt(8);
        out.writeInt(MessageType.AUTH_CLEARTEXT_PASSWORD);
    }
}
