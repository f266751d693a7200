package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/**
 * PasswordMessage ('p'): {@code String password} (cleartext, or {@code "md5" + hex} after an MD5 request).
 * {@code toString()} never shows the password.
 */
public record PasswordMessage(String password) implements FrontendMessage {

    public PasswordMessage {
        Objects.requireNonNull(password, "password");
    }

    public static PasswordMessage decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "PasswordMessage");
        String password = r.readCString("password");
        r.expectEnd();
        return new PasswordMessage(password);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.AUTHENTICATION_RESPONSE);
        Wire.writeCString(out, password);
        Wire.endMessage(out, start);
    }

    @Override
    public String toString() {
        return "PasswordMessage[password=<redacted>]";
    }
}
