package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.Objects;

/**
 * SASLInitialResponse ('p'): {@code String mechanism, Int32 length (-1 = none), Byte[length] data}.
 * {@code data} is null when the length is -1. The array is not copied: do not modify it.
 * {@code toString()} does not show the data.
 */
public record SaslInitialResponse(String mechanism, byte[] data) implements FrontendMessage {

    public SaslInitialResponse {
        Objects.requireNonNull(mechanism, "mechanism");
    }

    public static SaslInitialResponse decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "SASLInitialResponse");
        String mechanism = r.readCString("mechanism");
        int len = r.readInt("response length");
        byte[] data;
        if (len == -1) {
            data = null;
        } else if (len < 0) {
            throw r.violation("invalid response length " + len);
        } else {
            data = r.readBytes(len, "response");
        }
        r.expectEnd();
        return new SaslInitialResponse(mechanism, data);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.AUTHENTICATION_RESPONSE);
        Wire.writeCString(out, mechanism);
        if (data == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(data.length);
            out.writeBytes(data);
        }
        Wire.endMessage(out, start);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SaslInitialResponse
                && mechanism.equals(((SaslInitialResponse) o).mechanism)
                && Arrays.equals(data, ((SaslInitialResponse) o).data);
    }

    @Override
    public int hashCode() {
        return 31 * mechanism.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "SaslInitialResponse[mechanism=" + mechanism + ", data=" + Wire.redacted(data) + "]";
    }
}
