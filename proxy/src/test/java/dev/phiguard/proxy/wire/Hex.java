package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helpers: hex vectors, readable dumps, small value builders. */
final class Hex {

    private Hex() {
    }

    static byte[] bytes(String hex) {
        return ByteBufUtil.decodeHexDump(hex.replaceAll("\\s+", ""));
    }

    /** An unpooled heap buffer holding the hex bytes. */
    static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(bytes(hex));
    }

    /** A frame over the hex bytes: untyped if the first byte is 0 (a startup-phase length), else typed. */
    static Frame frame(String hex) {
        ByteBuf b = buf(hex);
        return b.getByte(0) == 0 ? Frame.untyped(b) : Frame.typed(b.getByte(0), b);
    }

    /** A multi-line hex dump, so that a failed comparison shows where the bytes differ. */
    static String dump(ByteBuf b) {
        return ByteBufUtil.prettyHexDump(b);
    }

    static String dump(String hex) {
        return dump(buf(hex));
    }

    static ByteBuf encode(PgMessage m) {
        ByteBuf out = Unpooled.buffer();
        m.encode(out);
        return out;
    }

    static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    static ByteBuf int4(int v) {
        return Unpooled.buffer(4).writeInt(v);
    }

    static String hex(String ascii) {
        return ByteBufUtil.hexDump(ascii.getBytes(StandardCharsets.UTF_8));
    }

    static <K, V> Map<K, V> ordered(Object... kv) {
        Map<K, V> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            @SuppressWarnings("unchecked") K k = (K) kv[i];
            @SuppressWarnings("unchecked") V v = (V) kv[i + 1];
            m.put(k, v);
        }
        return m;
    }
}
