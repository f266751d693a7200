package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.Objects;

/**
 * AuthenticationSASLFinal ('R', code 12): {@code Byte[n] data} (the SASL outcome).
 * The array is not copied: do not modify it. {@code toString()} does not show the data.
 */
public record AuthenticationSaslFinal(byte[] data) implements Authentication {

    public AuthenticationSaslFinal {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public int code() {
        return MessageType.AUTH_SASL_FINAL;
    }

    /** @param body the bytes after the header, starting with the code */
    public static AuthenticationSaslFinal decode(ByteBuf body) {
        BodyReader r = BodyReader.authentication(body, "AuthenticationSASLFinal", MessageType.AUTH_SASL_FINAL);
        return new AuthenticationSaslFinal(r.readRemainingBytes());
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageType.AUTHENTICATION);
        out.writeInt(8 + data.length);
        out.writeInt(MessageType.AUTH_SASL_FINAL);
        out.writeBytes(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationSaslFinal && Arrays.equals(data, ((AuthenticationSaslFinal) o).data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "AuthenticationSaslFinal[data=" + Wire.redacted(data) + "]";
    }
}
