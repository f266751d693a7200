package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/** CopyFail ('f'): {@code String message} (the client's reason). */
public record CopyFail(String message) implements FrontendMessage {

    public CopyFail {
        Objects.requireNonNull(message, "message");
    }

    public static CopyFail decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "CopyFail");
        String message = r.readCString("error message");
        r.expectEnd();
        return new CopyFail(message);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.COPY_FAIL);
        Wire.writeCString(out, message);
        Wire.endMessage(out, start);
    }

    @Override
    public String toString() {
        return "CopyFail[message=" + Wire.redacted(message) + "]";
    }
}
