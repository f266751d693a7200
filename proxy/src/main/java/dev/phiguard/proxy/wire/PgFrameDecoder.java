package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import java.util.Objects;

/**
 * Cuts a PostgreSQL byte stream into {@link Frame}s (zero copy: each frame is a retained slice of the cumulation).
 *
 * <ul>
 *   <li>{@link Side#FRONTEND} decodes what a client sends. It starts in the untyped startup phase
 *       ({@code Int32 length, Int32 code}, length 8..{@value #MAX_STARTUP_PACKET_LENGTH}); after a StartupMessage
 *       (protocol major version 3) it switches to typed messages by itself. After an SSLRequest or GSSENCRequest
 *       it stays untyped (the client's next message is untyped again, inside or outside the encryption), and
 *       bytes already buffered behind such a request are rejected: they were sent before the encryption was
 *       negotiated and must not be treated as if they came through it (CVE-2021-23214). After a CancelRequest it
 *       stays untyped.</li>
 *   <li>{@link Side#BACKEND} decodes what a server sends: always typed. (The single 'S'/'N' byte a server answers
 *       an SSLRequest with is not a message; read it before this decoder sees the stream.)</li>
 * </ul>
 *
 * Typed messages are {@code Byte1 type, Int32 length, body}; the length is checked against
 * {@code maxMessageSize} as soon as the 5 header bytes are there, before waiting for or allocating the body.
 *
 * <p>On any violation it throws {@link ProtocolViolationException} (safe to show to the client) and from then on
 * discards all input, so the session can answer with an ErrorResponse and close. A connection that ends in the
 * middle of a message is a violation too (raised when the channel goes inactive).
 */
public final class PgFrameDecoder extends ByteToMessageDecoder {

    /** PostgreSQL's own limit on a startup-phase message. */
    public static final int MAX_STARTUP_PACKET_LENGTH = 10000;

    /** Which peer's bytes this decoder reads. */
    public enum Side {
        /** Decodes what a client sends: starts untyped (startup phase). */
        FRONTEND,
        /** Decodes what a server sends: always typed. */
        BACKEND
    }

    private enum Phase { UNTYPED, TYPED, FAILED }

    private static final int CANCEL_REQUEST_LENGTH = 16;

    private final Side side;
    private final int maxMessageSize;
    private Phase phase;
    private boolean dataRowRuns;

    /**
     * @param maxMessageSize the largest accepted value of a typed message's length field (which counts itself but
     *                       not the type byte)
     */
    public PgFrameDecoder(Side side, int maxMessageSize) {
        this.side = Objects.requireNonNull(side, "side");
        if (maxMessageSize < 4) {
            throw new IllegalArgumentException("maxMessageSize must be at least 4: " + maxMessageSize);
        }
        this.maxMessageSize = maxMessageSize;
        this.phase = side == Side.FRONTEND ? Phase.UNTYPED : Phase.TYPED;
    }

    /**
     * From now on, consecutive complete DataRow messages already received come out as one {@link Frame#dataRowRun}
     * (each still checked like any message), so that a relay that forwards rows untouched writes a whole run at once.
     * Only for a relay that neither rewrites nor records rows: nothing may read a run as one message.
     */
    public void coalesceDataRows() {
        dataRowRuns = true;
    }

    /** Leaves the startup phase: from now on every message is typed. No effect after a violation. */
    public void enterTypedPhase() {
        if (phase == Phase.UNTYPED) {
            phase = Phase.TYPED;
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (phase) {
            case TYPED:
                decodeTyped(in, out);
                break;
            case UNTYPED:
                decodeUntyped(in, out);
                break;
            default:
                in.skipBytes(in.readableBytes());
        }
    }

    /** Called at end of input, after every complete message was decoded: whatever is left is a truncated one. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (phase != Phase.FAILED && in.isReadable()) {
            throw fail(in, "connection closed in the middle of a message (" + in.readableBytes()
                    + " bytes of an incomplete " + (phase == Phase.TYPED ? "message" : "startup packet") + ")");
        }
        in.skipBytes(in.readableBytes());
    }

    private void decodeTyped(ByteBuf in, List<Object> out) {
        int readable = in.readableBytes();
        if (readable < 1) {
            return;
        }
        int ri = in.readerIndex();
        byte type = in.getByte(ri);
        if (type == 0) {
            throw fail(in, "invalid message type 0x00");
        }
        if (readable < 5) {
            return;
        }
        int length = in.getInt(ri + 1);
        if (length < 4) {
            throw fail(in, "invalid message length " + length + " (minimum 4) for message type "
                    + MessageType.describe(type));
        }
        if (length > maxMessageSize) {
            throw fail(in, "invalid message length " + length + " (maximum " + maxMessageSize
                    + ") for message type " + MessageType.describe(type));
        }
        if (readable - 1 < length) {
            return;
        }
        if (dataRowRuns && type == MessageType.DATA_ROW) {
            decodeDataRowRun(in, ri, length + 1, out);
            return;
        }
        out.add(Frame.typed(type, in.readRetainedSlice(length + 1)));
    }

    /** The DataRow at {@code start} (of {@code first} bytes) and every complete, valid DataRow right after it. */
    private void decodeDataRowRun(ByteBuf in, int start, int first, List<Object> out) {
        int end = start + first;
        int limit = in.writerIndex();
        int messages = 1;
        while (limit - end >= 5 && in.getByte(end) == MessageType.DATA_ROW) {
            int length = in.getInt(end + 1);
            if (length < 4 || length > maxMessageSize || limit - end - 1 < length) {
                break; // incomplete, or invalid: the next call decodes (or rejects) it on its own
            }
            end += length + 1;
            messages++;
        }
        out.add(Frame.dataRowRun(in.readRetainedSlice(end - start), messages));
    }

    private void decodeUntyped(ByteBuf in, List<Object> out) {
        int readable = in.readableBytes();
        if (readable < 4) {
            return;
        }
        int ri = in.readerIndex();
        int length = in.getInt(ri);
        if (length < 8 || length > MAX_STARTUP_PACKET_LENGTH) {
            throw fail(in, "invalid startup packet length " + length + " (expected 8 to "
                    + MAX_STARTUP_PACKET_LENGTH + ")" + guessWhatItIs(in, ri));
        }
        if (readable < 8) {
            return;
        }
        int code = in.getInt(ri + 4);
        boolean encryptionRequest = false;
        boolean startup = false;
        switch (code) {
            case MessageType.SSL_REQUEST_CODE:
            case MessageType.GSSENC_REQUEST_CODE:
                if (length != 8) {
                    throw fail(in, "invalid length " + length + " of " + requestName(code) + " (expected 8)");
                }
                encryptionRequest = true;
                break;
            case MessageType.CANCEL_REQUEST_CODE:
                if (length != CANCEL_REQUEST_LENGTH) {
                    throw fail(in, "invalid length " + length + " of CancelRequest (expected "
                            + CANCEL_REQUEST_LENGTH + ")");
                }
                break;
            default:
                if ((code >>> 16) != 3) {
                    throw fail(in, "unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xFFFF)
                            + ": server supports 3.0");
                }
                startup = true;
        }
        if (readable < length) {
            return;
        }
        if (encryptionRequest && readable > length) {
            throw fail(in, "received unencrypted data after " + requestName(code));
        }
        Frame frame = Frame.untyped(in.readRetainedSlice(length));
        if (startup) {
            phase = Phase.TYPED;
        }
        out.add(frame);
    }

    private ProtocolViolationException fail(ByteBuf in, String message) {
        phase = Phase.FAILED;
        in.skipBytes(in.readableBytes());
        return new ProtocolViolationException(message);
    }

    private static String requestName(int code) {
        return code == MessageType.SSL_REQUEST_CODE ? "SSL request" : "GSSAPI encryption request";
    }

    /** A hint for the two usual wrong clients; error path only. */
    private static String guessWhatItIs(ByteBuf in, int ri) {
        byte first = in.getByte(ri);
        if (first == 0x16) {
            return "; this looks like a TLS handshake: connect with sslnegotiation=postgres";
        }
        if (in.readableBytes() >= 4) {
            int word = in.getInt(ri);
            if (word == 0x47455420 /* "GET " */ || word == 0x504f5354 /* "POST" */
                    || word == 0x48454144 /* "HEAD" */ || word == 0x50555420 /* "PUT " */) {
                return "; this looks like an HTTP request, not a PostgreSQL client";
            }
        }
        return "";
    }

    @Override
    public String toString() {
        return "PgFrameDecoder(" + side + ", " + phase + ")";
    }
}
