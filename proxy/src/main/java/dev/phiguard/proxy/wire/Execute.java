package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/** Execute ('E'): {@code String portal, Int32 maxRows} (0 = no limit). */
public record Execute(String portal, int maxRows) implements FrontendMessage {

    public Execute {
        Objects.requireNonNull(portal, "portal");
    }

    public static Execute decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "Execute");
        String portal = r.readCString("portal name");
        int maxRows = r.readInt("row limit");
        r.expectEnd();
        return new Execute(portal, maxRows);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.EXECUTE);
        Wire.writeCString(out, portal);
        out.writeInt(maxRows);
        Wire.endMessage(out, start);
    }
}
