package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * CopyBothResponse ('W'): {@code Int8 overallFormat (0 text, 1 binary), Int16 n, Int16[n] columnFormats}.
 */
public record CopyBothResponse(byte overallFormat, List<Short> columnFormats) implements BackendMessage {

    public CopyBothResponse {
        columnFormats = Wire.checkedShorts(columnFormats, "columnFormats");
    }

    public static CopyBothResponse decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "CopyBothResponse");
        byte overall = r.readByte("overall format");
        List<Short> formats = r.readShorts("column format count", "column format");
        r.expectEnd();
        return new CopyBothResponse(overall, formats);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.COPY_BOTH_RESPONSE);
        out.writeByte(overallFormat);
        Wire.writeShorts(out, columnFormats);
        Wire.endMessage(out, start);
    }
}
