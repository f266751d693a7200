package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.Objects;

/**
 * Parse ('P'): {@code String statementName, String sql, Int16 n, Int32[n] parameterTypes} (0 = unspecified).
 * {@code toString()} does not show the SQL.
 */
public record Parse(String statementName, String sql, List<Integer> parameterTypes) implements FrontendMessage {

    public Parse {
        Objects.requireNonNull(statementName, "statementName");
        Objects.requireNonNull(sql, "sql");
        parameterTypes = List.copyOf(parameterTypes);
        Wire.checkCount(parameterTypes.size(), "parameterTypes");
    }

    public static Parse decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "Parse");
        String name = r.readCString("statement name");
        String sql = r.readCString("query string");
        int n = r.readCount("parameter type count");
        List<Integer> types;
        if (n == 0) {
            types = List.of();
        } else {
            r.needFor(n, 4, "parameter type");
            Integer[] a = new Integer[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.readInt("parameter type");
            }
            types = List.of(a);
        }
        r.expectEnd();
        return new Parse(name, sql, types);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.PARSE);
        Wire.writeCString(out, statementName);
        Wire.writeCString(out, sql);
        int n = parameterTypes.size();
        out.writeShort(n);
        for (int i = 0; i < n; i++) {
            out.writeInt(parameterTypes.get(i));
        }
        Wire.endMessage(out, start);
    }

    @Override
    public String toString() {
        return "Parse[statementName=" + statementName + ", sql=" + Wire.redacted(sql)
                + ", parameterTypes=" + parameterTypes + "]";
    }
}
