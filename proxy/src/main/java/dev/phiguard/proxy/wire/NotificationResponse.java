package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/**
 * NotificationResponse ('A'): {@code Int32 processId, String channel, String payload}.
 * {@code toString()} does not show the payload.
 */
public record NotificationResponse(int processId, String channel, String payload) implements BackendMessage {

    public NotificationResponse {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(payload, "payload");
    }

    public static NotificationResponse decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "NotificationResponse");
        int pid = r.readInt("process id");
        String channel = r.readCStringLenient("channel name");
        String payload = r.readCStringLenient("payload");
        r.expectEnd();
        return new NotificationResponse(pid, channel, payload);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.NOTIFICATION_RESPONSE);
        out.writeInt(processId);
        Wire.writeCString(out, channel);
        Wire.writeCString(out, payload);
        Wire.endMessage(out, start);
    }

    @Override
    public String toString() {
        return "NotificationResponse[processId=" + processId + ", channel=" + channel
                + ", payload=" + Wire.redacted(payload) + "]";
    }
}
