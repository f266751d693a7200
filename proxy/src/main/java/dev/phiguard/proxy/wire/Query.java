package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/** Query ('Q'): {@code String sql}. {@code toString()} does not show the SQL (literals may hold PHI). */
public record Query(String sql) implements FrontendMessage {

    public Query {
        Objects.requireNonNull(sql, "sql");
    }

    public static Query decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "Query");
        String sql = r.readCString("query string");
        r.expectEnd();
        return new Query(sql);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.QUERY);
        Wire.writeCString(out, sql);
        Wire.endMessage(out, start);
    }

    @Override
    public String toString() {
        return "Query[sql=" + Wire.redacted(sql) + "]";
    }
}
