package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * StartupMessage (untyped): {@code Int32 length, Int32 protocolVersion, (String name, String value)*, Byte1 0}.
 * Parameter order is kept. A duplicated parameter name is a violation (client and server must not disagree on
 * which one counts).
 */
public record StartupMessage(int protocolVersion, Map<String, String> parameters) implements FrontendMessage {

    public StartupMessage {
        Objects.requireNonNull(parameters, "parameters");
        if ((protocolVersion >>> 16) != 3) {
            throw new IllegalArgumentException("not a protocol 3.x version: " + protocolVersion);
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(parameters);
        for (Map.Entry<String, String> e : copy.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                throw new IllegalArgumentException("startup parameter names must be non-empty, values non-null");
            }
        }
        parameters = Collections.unmodifiableMap(copy);
    }

    /** A protocol 3.0 StartupMessage. */
    public StartupMessage(Map<String, String> parameters) {
        this(MessageType.PROTOCOL_3_0, parameters);
    }

    /** The {@code user} parameter (required by PostgreSQL), or null if absent. */
    public String user() {
        return parameters.get("user");
    }

    /** The {@code database} parameter; like PostgreSQL, defaults to the user name when absent. */
    public String database() {
        String db = parameters.get("database");
        return db != null ? db : user();
    }

    public int majorVersion() {
        return protocolVersion >>> 16;
    }

    public int minorVersion() {
        return protocolVersion & 0xFFFF;
    }

    /** @param body everything after the length (starting with the protocol version) */
    public static StartupMessage decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "StartupMessage");
        int version = r.readInt("protocol version");
        if ((version >>> 16) != 3) {
            throw r.violation("unsupported protocol " + (version >>> 16) + "." + (version & 0xFFFF));
        }
        LinkedHashMap<String, String> params = new LinkedHashMap<>();
        while (true) {
            String name = r.readCString("parameter name");
            if (name.isEmpty()) {
                break;
            }
            String value = r.readCString("value of parameter \"" + name + "\"");
            if (params.put(name, value) != null) {
                throw r.violation("duplicate parameter \"" + name + "\"");
            }
        }
        r.expectEnd();
        return new StartupMessage(version, params);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginUntyped(out);
        out.writeInt(protocolVersion);
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            Wire.writeCString(out, e.getKey());
            Wire.writeCString(out, e.getValue());
        }
        out.writeByte(0);
        Wire.endUntyped(out, start);
    }

    /** Shows user, database and the parameter names; other values (e.g. {@code options}) are not shown. */
    @Override
    public String toString() {
        return "StartupMessage[protocol=" + majorVersion() + "." + minorVersion() + ", user=" + user()
                + ", database=" + database() + ", parameters=" + parameters.keySet() + "]";
    }
}
