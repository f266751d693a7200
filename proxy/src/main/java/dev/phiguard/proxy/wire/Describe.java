package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/** Describe ('D'): {@code Byte1 kind ('S' prepared statement, 'P' portal), String name}. */
public record Describe(char kind, String name) implements FrontendMessage {

    public static final char STATEMENT = 'S';
    public static final char PORTAL = 'P';

    public Describe {
        if (kind != STATEMENT && kind != PORTAL) {
            throw new IllegalArgumentException("kind must be 'S' or 'P'");
        }
        Objects.requireNonNull(name, "name");
    }

    public static Describe decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "Describe");
        byte kind = r.readByte("kind");
        if (kind != STATEMENT && kind != PORTAL) {
            throw r.violation("invalid kind " + MessageType.describe(kind) + " (expected 'S' or 'P')");
        }
        String name = r.readCString("name");
        r.expectEnd();
        return new Describe((char) kind, name);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.DESCRIBE);
        out.writeByte(kind);
        Wire.writeCString(out, name);
        Wire.endMessage(out, start);
    }
}
