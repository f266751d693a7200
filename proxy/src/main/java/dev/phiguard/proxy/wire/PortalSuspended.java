package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** PortalSuspended ('s'): no body. */
public record PortalSuspended() implements BackendMessage {

    public static final PortalSuspended INSTANCE = new PortalSuspended();

    public static PortalSuspended decode(ByteBuf body) {
        BodyReader.of(body, "PortalSuspended").expectEnd();
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeEmpty(out, MessageType.PORTAL_SUSPENDED);
    }
}
