package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * FunctionCall ('F', the fast-path interface, used e.g. by libpq's large-object functions):
 * {@code Int32 functionOid, Int16 n, Int16[n] argumentFormats, Int16 m, (Int32 length, Byte[length])[m] arguments,
 * Int16 resultFormat}. {@code arguments} are slices of the frame; a {@code null} element is SQL NULL.
 */
public record FunctionCall(int functionOid, List<Short> argumentFormats, List<ByteBuf> arguments,
                           short resultFormat) implements FrontendMessage {

    public FunctionCall {
        argumentFormats = Wire.checkedShorts(argumentFormats, "argumentFormats");
        arguments = Wire.nullableCopy(arguments);
        Wire.checkCount(arguments.size(), "arguments");
    }

    public static FunctionCall decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "FunctionCall");
        int oid = r.readInt("function OID");
        List<Short> formats = r.readShorts("argument format count", "argument format");
        List<ByteBuf> args = r.readValues("argument count", "argument");
        short resultFormat = r.readShort("result format");
        r.expectEnd();
        return new FunctionCall(oid, formats, args, resultFormat);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.FUNCTION_CALL);
        out.writeInt(functionOid);
        Wire.writeShorts(out, argumentFormats);
        Wire.writeValues(out, arguments);
        out.writeShort(resultFormat);
        Wire.endMessage(out, start);
    }

    @Override
    public String toString() {
        return "FunctionCall[functionOid=" + functionOid + ", argumentFormats=" + argumentFormats
                + ", arguments=<" + arguments.size() + " values>, resultFormat=" + resultFormat + "]";
    }
}
