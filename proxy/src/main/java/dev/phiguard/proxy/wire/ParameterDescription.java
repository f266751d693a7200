package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.List;

/** ParameterDescription ('t'): {@code Int16 n, Int32[n] typeOids}. */
public record ParameterDescription(List<Integer> typeOids) implements BackendMessage {

    public ParameterDescription {
        typeOids = List.copyOf(typeOids);
        Wire.checkCount(typeOids.size(), "typeOids");
    }

    public static ParameterDescription decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "ParameterDescription");
        int n = r.readCount("parameter count");
        r.needFor(n, 4, "parameter type OID");
        Integer[] oids = new Integer[n];
        for (int i = 0; i < n; i++) {
            oids[i] = r.readInt("parameter type OID");
        }
        r.expectEnd();
        return new ParameterDescription(List.of(oids));
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.PARAMETER_DESCRIPTION);
        out.writeShort(typeOids.size());
        for (int i = 0; i < typeOids.size(); i++) {
            out.writeInt(typeOids.get(i));
        }
        Wire.endMessage(out, start);
    }
}
