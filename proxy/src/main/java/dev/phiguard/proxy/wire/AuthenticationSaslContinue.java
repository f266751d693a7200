package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.Objects;

/**
 * AuthenticationSASLContinue ('R', code 11): {@code Byte[n] data} (the SASL challenge).
 * The array is not copied: do not modify it. {@code toString()} does not show the data.
 */
public record AuthenticationSaslContinue(byte[] data) implements Authentication {

    public AuthenticationSaslContinue {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public int code() {
        return MessageType.AUTH_SASL_CONTINUE;
    }

    /** @param body the bytes after the header, starting with the code */
    public static AuthenticationSaslContinue decode(ByteBuf body) {
        BodyReader r = BodyReader.authentication(body, "AuthenticationSASLContinue", MessageType.AUTH_SASL_CONTINUE);
        return new AuthenticationSaslContinue(r.readRemainingBytes());
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageType.AUTHENTICATION);
        out.writeInt(8 + data.length);
        out.writeInt(MessageType.AUTH_SASL_CONTINUE);
        out.writeBytes(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationSaslContinue && Arrays.equals(data, ((AuthenticationSaslContinue) o).data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "AuthenticationSaslContinue[data=" + Wire.redacted(data) + "]";
    }
}
