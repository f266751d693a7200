package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/**
 * CopyData ('d'), sent by either side: {@code Byte[n] data}. {@code data} is a slice of the frame (no copy, valid
 * while the frame is alive). {@code toString()} does not show the data.
 */
public record CopyData(ByteBuf data) implements FrontendMessage, BackendMessage {

    public CopyData {
        Objects.requireNonNull(data, "data");
    }

    public static CopyData decode(ByteBuf body) {
        return new CopyData(body);
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeRaw(out, MessageType.COPY_DATA, data);
    }

    @Override
    public String toString() {
        return "CopyData[" + Wire.redacted(data) + "]";
    }
}
