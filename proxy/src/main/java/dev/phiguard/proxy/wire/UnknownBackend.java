package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/**
 * A server message of a type this codec does not know: kept as is (body = slice of the frame) so the proxy can
 * forward it untouched. {@code toString()} does not show the body.
 */
public record UnknownBackend(byte type, ByteBuf body) implements BackendMessage {

    public UnknownBackend {
        if (type == 0) {
            throw new IllegalArgumentException("type 0 is not a message type");
        }
        Objects.requireNonNull(body, "body");
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeRaw(out, type, body);
    }

    @Override
    public String toString() {
        return "UnknownBackend[type=" + MessageType.describe(type) + ", body=" + Wire.redacted(body) + "]";
    }
}
