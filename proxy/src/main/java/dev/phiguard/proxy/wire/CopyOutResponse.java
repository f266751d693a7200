package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * CopyOutResponse ('H'): {@code Int8 overallFormat (0 text, 1 binary), Int16 n, Int16[n] columnFormats}.
 */
public record CopyOutResponse(byte overallFormat, List<Short> columnFormats) implements BackendMessage {

    public CopyOutResponse {
        columnFormats = Wire.checkedShorts(columnFormats, "columnFormats");
    }

    public static CopyOutResponse decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "CopyOutResponse");
        byte overall = r.readByte("overall format");
        List<Short> formats = r.readShorts("column format count", "column format");
        r.expectEnd();
        return new CopyOutResponse(overall, formats);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.COPY_OUT_RESPONSE);
        out.writeByte(overallFormat);
        Wire.writeShorts(out, columnFormats);
        Wire.endMessage(out, start);
    }
}
