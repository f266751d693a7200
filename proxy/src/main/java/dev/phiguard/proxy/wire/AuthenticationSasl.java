package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/** AuthenticationSASL ('R', code 10): {@code String[] mechanisms} in the server's order of preference, then NUL. */
public record AuthenticationSasl(List<String> mechanisms) implements Authentication {

    public AuthenticationSasl {
        mechanisms = List.copyOf(mechanisms);
        for (String m : mechanisms) {
            if (m.isEmpty()) {
                throw new IllegalArgumentException("empty mechanism name");
            }
        }
    }

    @Override
    public int code() {
        return MessageType.AUTH_SASL;
    }

    /** @param body the bytes after the header, starting with the code */
    public static AuthenticationSasl decode(ByteBuf body) {
        BodyReader r = BodyReader.authentication(body, "AuthenticationSASL", MessageType.AUTH_SASL);
        List<String> mechanisms = new ArrayList<>(2);
        while (true) {
            String m = r.readCStringLenient("mechanism name");
            if (m.isEmpty()) {
                break;
            }
            mechanisms.add(m);
        }
        r.expectEnd();
        return new AuthenticationSasl(mechanisms);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.AUTHENTICATION);
        out.writeInt(MessageType.AUTH_SASL);
        for (String m : mechanisms) {
            Wire.writeCString(out, m);
        }
        out.writeByte(0);
        Wire.endMessage(out, start);
    }
}
