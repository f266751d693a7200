package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A bounds-checked cursor over a message body using absolute indices: the body's reader index is never moved,
 * and every overrun becomes a {@link ProtocolViolationException} naming the message (never its content).
 */
final class BodyReader {

    private final ByteBuf buf;
    private final String message;
    private final int end;
    private int pos;

    private BodyReader(ByteBuf buf, String message) {
        this.buf = buf;
        this.message = message;
        this.pos = buf.readerIndex();
        this.end = buf.writerIndex();
    }

    /** @param message the message name used in error messages, e.g. {@code "Bind"} */
    static BodyReader of(ByteBuf body, String message) {
        return new BodyReader(body, message);
    }

    /** A reader over an 'R' body that has consumed and checked the authentication code. */
    static BodyReader authentication(ByteBuf body, String message, int code) {
        BodyReader r = new BodyReader(body, message);
        int actual = r.readInt("code");
        if (actual != code) {
            throw r.violation("authentication code " + actual + " (expected " + code + ")");
        }
        return r;
    }

    ProtocolViolationException violation(String detail) {
        return new ProtocolViolationException("malformed " + message + " message: " + detail);
    }

    int remaining() {
        return end - pos;
    }

    static String bytes(int n) {
        return plural(n, "byte");
    }

    static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static String trailing(int n) {
        return plural(n, "unexpected trailing byte");
    }

    // Error messages are built only when a check fails: decoding a well-formed message builds no strings
    // besides the message's own string fields.

    private void need(int n, String what) {
        if (end - pos < n) {
            throw truncated(n, what);
        }
    }

    /**
     * Fails unless {@code count} elements of at least {@code bytesEach} bytes can still follow; decoders call it
     * before allocating for a count read from the wire.
     */
    void needFor(int count, int bytesEach, String noun) {
        long n = (long) count * bytesEach;
        if (end - pos < n) {
            throw truncated((int) n, plural(count, noun));
        }
    }

    private ProtocolViolationException truncated(int n, String what) {
        return violation("truncated " + what + ": " + bytes(n) + " needed, " + (end - pos) + " left");
    }

    byte readByte(String what) {
        need(1, what);
        return buf.getByte(pos++);
    }

    short readShort(String what) {
        need(2, what);
        short v = buf.getShort(pos);
        pos += 2;
        return v;
    }

    /** An Int16 element count, read unsigned (0..65535) like PostgreSQL does. */
    int readCount(String what) {
        need(2, what);
        int v = buf.getUnsignedShort(pos);
        pos += 2;
        return v;
    }

    int readInt(String what) {
        need(4, what);
        int v = buf.getInt(pos);
        pos += 4;
        return v;
    }

    /** {@code n} bytes as a slice of the body (no copy). */
    ByteBuf readSlice(int n, String what) {
        need(n, what);
        ByteBuf s = buf.slice(pos, n);
        pos += n;
        return s;
    }

    /** An Int32 length (-1 = NULL) followed by that many bytes, as a slice; null for NULL. */
    ByteBuf readValue(String what) {
        return readValue(what, 0);
    }

    /** @param index 1-based element number for error messages, 0 for none */
    private ByteBuf readValue(String what, int index) {
        if (end - pos < 4) {
            throw truncated(4, name(what, index) + " length");
        }
        int len = buf.getInt(pos);
        pos += 4;
        if (len == -1) {
            return null;
        }
        if (len < 0) {
            throw violation("invalid " + name(what, index) + " length " + len);
        }
        if (len > end - pos) {
            throw violation(name(what, index) + " length " + len + " exceeds the " + (end - pos)
                    + " remaining bytes");
        }
        ByteBuf s = buf.slice(pos, len);
        pos += len;
        return s;
    }

    private static String name(String what, int index) {
        return index == 0 ? what : what + " " + index;
    }

    byte[] readBytes(int n, String what) {
        need(n, what);
        byte[] b = new byte[n];
        buf.getBytes(pos, b);
        pos += n;
        return b;
    }

    byte[] readRemainingBytes() {
        return readBytes(end - pos, "data");
    }

    ByteBuf readRemainingSlice() {
        return readSlice(end - pos, "data");
    }

    /** A NUL-terminated string that must be valid UTF-8 (text from the client). */
    String readCString(String what) {
        return readCString(what, true);
    }

    /** A NUL-terminated string; malformed UTF-8 becomes U+FFFD (text from the server). */
    String readCStringLenient(String what) {
        return readCString(what, false);
    }

    private String readCString(String what, boolean strict) {
        int nul = end > pos ? buf.indexOf(pos, end, (byte) 0) : -1;
        if (nul < 0) {
            throw violation(what + " is not NUL-terminated");
        }
        int len = nul - pos;
        String s = len == 0 ? "" : buf.toString(pos, len, StandardCharsets.UTF_8);
        if (strict && s.indexOf('\uFFFD') >= 0) {
            verifyUtf8(pos, len, what);
        }
        pos = nul + 1;
        return s;
    }

    /** Slow path, only when the lenient decoding produced U+FFFD: was it really in the input? */
    private void verifyUtf8(int from, int len, String what) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buf.nioBuffer(from, len));
        } catch (CharacterCodingException e) {
            throw violation(what + " is not valid UTF-8");
        }
    }

    /** Int16 count followed by that many Int16 values; {@code what} names one value, e.g. "parameter format". */
    List<Short> readShorts(String countWhat, String what) {
        int n = readCount(countWhat);
        if (n == 0) {
            return List.of();
        }
        needFor(n, 2, what);
        Short[] a = new Short[n];
        for (int i = 0; i < n; i++) {
            a[i] = buf.getShort(pos);
            pos += 2;
        }
        return List.of(a);
    }

    /** Int16 count followed by that many length-prefixed values (NULL allowed); slices of the body. */
    List<ByteBuf> readValues(String countWhat, String what) {
        int n = readCount(countWhat);
        if (n == 0) {
            return List.of();
        }
        // every value has at least its 4-byte length: reject absurd counts before allocating
        needFor(n, 4, what);
        ByteBuf[] a = new ByteBuf[n];
        for (int i = 0; i < n; i++) {
            a[i] = readValue(what, i + 1);
        }
        return new NullableList<>(a);
    }

    void expectEnd() {
        if (pos != end) {
            throw violation(trailing(end - pos));
        }
    }

    @Override
    public String toString() {
        return "BodyReader(" + message + ", pos=" + pos + ", end=" + end + ")";
    }
}
