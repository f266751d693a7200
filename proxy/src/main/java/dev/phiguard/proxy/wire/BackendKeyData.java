package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/**
 * BackendKeyData ('K'): {@code Int32 processId, Int32 secretKey} (protocol 3.0's 4-byte key; a longer key, as in
 * protocol 3.2, is a violation). {@code toString()} does not show the secret key.
 */
public record BackendKeyData(int processId, int secretKey) implements BackendMessage {

    public static BackendKeyData decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "BackendKeyData");
        int pid = r.readInt("process id");
        int key = r.readInt("secret key");
        r.expectEnd();
        return new BackendKeyData(pid, key);
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(MessageType.BACKEND_KEY_DATA);
        out.writeInt(12);
        out.writeInt(processId);
        out.writeInt(secretKey);
    }

    @Override
    public String toString() {
        return "BackendKeyData[processId=" + processId + ", secretKey=<redacted>]";
    }
}
