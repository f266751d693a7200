package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/** ParameterStatus ('S'): {@code String name, String value} (a run-time parameter the server reports). */
public record ParameterStatus(String name, String value) implements BackendMessage {

    public ParameterStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    public static ParameterStatus decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "ParameterStatus");
        String name = r.readCStringLenient("parameter name");
        String value = r.readCStringLenient("parameter value");
        r.expectEnd();
        return new ParameterStatus(name, value);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.PARAMETER_STATUS);
        Wire.writeCString(out, name);
        Wire.writeCString(out, value);
        Wire.endMessage(out, start);
    }
}
