package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.Objects;

/**
 * SASLResponse ('p'): {@code Byte[n] data}. The array is not copied: do not modify it.
 * {@code toString()} does not show the data.
 */
public record SaslResponse(byte[] data) implements FrontendMessage {

    public SaslResponse {
        Objects.requireNonNull(data, "data");
    }

    public static SaslResponse decode(ByteBuf body) {
        return new SaslResponse(BodyReader.of(body, "SASLResponse").readRemainingBytes());
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageType.AUTHENTICATION_RESPONSE);
        out.writeInt(4 + data.length);
        out.writeBytes(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SaslResponse && Arrays.equals(data, ((SaslResponse) o).data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "SaslResponse[data=" + Wire.redacted(data) + "]";
    }
}
