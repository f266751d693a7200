package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.Objects;

/**
 * Bind ('B'): {@code String portal, String statementName, Int16 n, Int16[n] parameterFormats, Int16 m,
 * (Int32 length, Byte[length])[m] parameters, Int16 k, Int16[k] resultFormats}.
 *
 * <p>{@code parameters} holds slices of the frame (valid while the frame is alive); a {@code null} element is
 * SQL NULL. {@code toString()} does not show parameter values.
 */
public record Bind(String portal, String statementName, List<Short> parameterFormats, List<ByteBuf> parameters,
                   List<Short> resultFormats) implements FrontendMessage {

    public static final short FORMAT_TEXT = 0;
    public static final short FORMAT_BINARY = 1;

    public Bind {
        Objects.requireNonNull(portal, "portal");
        Objects.requireNonNull(statementName, "statementName");
        parameterFormats = Wire.checkedShorts(parameterFormats, "parameterFormats");
        parameters = Wire.nullableCopy(parameters);
        Wire.checkCount(parameters.size(), "parameters");
        resultFormats = Wire.checkedShorts(resultFormats, "resultFormats");
    }

    /**
     * The format of parameter {@code index} by the protocol's rule: no format codes = all text, one = applies to
     * all, else one per parameter.
     */
    public short parameterFormat(int index) {
        return formatOf(parameterFormats, index);
    }

    /** The requested format of result column {@code index}, by the same rule as {@link #parameterFormat}. */
    public short resultFormat(int index) {
        return formatOf(resultFormats, index);
    }

    private static short formatOf(List<Short> formats, int index) {
        switch (formats.size()) {
            case 0:
                return FORMAT_TEXT;
            case 1:
                return formats.get(0);
            default:
                return formats.get(index);
        }
    }

    public static Bind decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "Bind");
        String portal = r.readCString("portal name");
        String statement = r.readCString("statement name");
        List<Short> formats = r.readShorts("parameter format count", "parameter format");
        List<ByteBuf> params = r.readValues("parameter count", "parameter");
        List<Short> results = r.readShorts("result format count", "result format");
        r.expectEnd();
        return new Bind(portal, statement, formats, params, results);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.BIND);
        Wire.writeCString(out, portal);
        Wire.writeCString(out, statementName);
        Wire.writeShorts(out, parameterFormats);
        Wire.writeValues(out, parameters);
        Wire.writeShorts(out, resultFormats);
        Wire.endMessage(out, start);
    }

    @Override
    public String toString() {
        return "Bind[portal=" + portal + ", statementName=" + statementName + ", parameterFormats="
                + parameterFormats + ", parameters=<" + parameters.size() + " values>, resultFormats="
                + resultFormats + "]";
    }
}
