package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * NegotiateProtocolVersion ('v'): {@code Int32 newestVersion, Int32 n, String[n] unrecognizedOptions}.
 * On the wire PostgreSQL sends the whole version number ({@code 3 << 16 | minor}, e.g. {@code 0x00030000});
 * this record holds the minor part and encodes the major 3 back.
 */
public record NegotiateProtocolVersion(int newestMinorVersion, List<String> unrecognizedOptions)
        implements BackendMessage {

    public NegotiateProtocolVersion {
        if (newestMinorVersion < 0 || newestMinorVersion > 0xFFFF) {
            throw new IllegalArgumentException("minor version out of range: " + newestMinorVersion);
        }
        unrecognizedOptions = List.copyOf(unrecognizedOptions);
    }

    public static NegotiateProtocolVersion decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "NegotiateProtocolVersion");
        int version = r.readInt("protocol version");
        if ((version >>> 16) != 3) {
            throw r.violation("protocol major version " + (version >>> 16) + " (expected 3)");
        }
        int n = r.readInt("option count");
        if (n < 0 || n > r.remaining()) { // every option takes at least its NUL
            throw r.violation("invalid option count " + n);
        }
        String[] options = new String[n];
        for (int i = 0; i < n; i++) {
            options[i] = r.readCStringLenient("option name");
        }
        r.expectEnd();
        return new NegotiateProtocolVersion(version & 0xFFFF, List.of(options));
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.NEGOTIATE_PROTOCOL_VERSION);
        out.writeInt(MessageType.PROTOCOL_3_0 | newestMinorVersion);
        out.writeInt(unrecognizedOptions.size());
        for (String option : unrecognizedOptions) {
            Wire.writeCString(out, option);
        }
        Wire.endMessage(out, start);
    }
}
