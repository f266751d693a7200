package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.Objects;

/**
 * RowDescription ('T'): {@code Int16 n, Field[n]}, each field {@code String name, Int32 tableOid,
 * Int16 columnAttribute, Int32 typeOid, Int16 typeSize, Int32 typeModifier, Int16 formatCode}.
 */
public record RowDescription(List<Field> fields) implements BackendMessage {

    /**
     * One result column. {@code tableOid}/{@code columnAttribute} are 0 when the column is not a plain table column;
     * {@code formatCode} is 0 (text) or 1 (binary).
     */
    public record Field(String name, int tableOid, short columnAttribute, int typeOid, short typeSize,
                        int typeModifier, short formatCode) {

        public Field {
            Objects.requireNonNull(name, "name");
        }
    }

    public RowDescription {
        fields = List.copyOf(fields);
        Wire.checkCount(fields.size(), "fields");
    }

    public static RowDescription decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "RowDescription");
        int n = r.readCount("field count");
        r.needFor(n, 19, "field"); // a field takes at least 19 bytes (with an empty name)
        Field[] fields = new Field[n];
        for (int i = 0; i < n; i++) {
            fields[i] = new Field(
                    r.readCStringLenient("field name"),
                    r.readInt("table OID"),
                    r.readShort("column attribute number"),
                    r.readInt("type OID"),
                    r.readShort("type size"),
                    r.readInt("type modifier"),
                    r.readShort("format code"));
        }
        r.expectEnd();
        return new RowDescription(List.of(fields));
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.ROW_DESCRIPTION);
        out.writeShort(fields.size());
        for (Field f : fields) {
            Wire.writeCString(out, f.name());
            out.writeInt(f.tableOid());
            out.writeShort(f.columnAttribute());
            out.writeInt(f.typeOid());
            out.writeShort(f.typeSize());
            out.writeInt(f.typeModifier());
            out.writeShort(f.formatCode());
        }
        Wire.endMessage(out, start);
    }
}
