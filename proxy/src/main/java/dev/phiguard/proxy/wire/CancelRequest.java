package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/**
 * CancelRequest (untyped): {@code Int32 16, Int32 80877102, Int32 processId, Int32 secretKey} (protocol 3.0's
 * 4-byte key). {@code toString()} does not show the secret key.
 */
public record CancelRequest(int processId, int secretKey) implements FrontendMessage {

    /** @param body everything after the length (starting with the code) */
    public static CancelRequest decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "CancelRequest");
        if (r.readInt("code") != MessageType.CANCEL_REQUEST_CODE) {
            throw r.violation("wrong request code");
        }
        int pid = r.readInt("process id");
        int key = r.readInt("secret key");
        r.expectEnd();
        return new CancelRequest(pid, key);
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeInt(16);
        out.writeInt(MessageType.CANCEL_REQUEST_CODE);
        out.writeInt(processId);
        out.writeInt(secretKey);
    }

    @Override
    public String toString() {
        return "CancelRequest[processId=" + processId + ", secretKey=<redacted>]";
    }
}
