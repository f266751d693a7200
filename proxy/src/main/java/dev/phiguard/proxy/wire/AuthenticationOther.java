package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/**
 * Any other authentication request ('R'): Kerberos V5 (2), SCM credential (6), GSS (7), GSS continue (8), SSPI (9)
 * or a future code, with whatever data follows the code (a slice of the frame). Codes that have their own type
 * (0, 3, 5, 10, 11, 12) are rejected so that every message has exactly one representation.
 */
public record AuthenticationOther(int code, ByteBuf data) implements Authentication {

    public AuthenticationOther {
        switch (code) {
            case MessageType.AUTH_OK:
            case MessageType.AUTH_CLEARTEXT_PASSWORD:
            case MessageType.AUTH_MD5_PASSWORD:
            case MessageType.AUTH_SASL:
            case MessageType.AUTH_SASL_CONTINUE:
            case MessageType.AUTH_SASL_FINAL:
                throw new IllegalArgumentException("authentication code " + code + " has its own message type");
            default:
                Objects.requireNonNull(data, "data");
        }
    }

    /** @param body the bytes after the header, starting with the code */
    public static AuthenticationOther decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "Authentication");
        int code = r.readInt("code");
        return new AuthenticationOther(code, r.readRemainingSlice());
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageType.AUTHENTICATION);
        out.writeInt(8 + data.readableBytes());
        out.writeInt(code);
        Wire.writeBytes(out, data);
    }

    @Override
    public String toString() {
        return "AuthenticationOther[code=" + code + ", data=" + Wire.redacted(data) + "]";
    }
}
