package dev.phiguard.proxy.recording;

import dev.phiguard.policies.sql.LiteralRedactor;
import dev.phiguard.proxy.port.RecordingSink.Direction;
import dev.phiguard.proxy.wire.Bind;
import dev.phiguard.proxy.wire.CopyData;
import dev.phiguard.proxy.wire.FunctionCall;
import dev.phiguard.proxy.wire.MessageType;
import dev.phiguard.proxy.wire.Parse;
import dev.phiguard.proxy.wire.PgMessage;
import dev.phiguard.proxy.wire.Query;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces the values a client sends before they reach a recording, under {@link LiteralPolicy#HASH}: constants
 * in Query and Parse text (through {@link LiteralRedactor}), Bind parameter values and FunctionCall arguments (each
 * by its token {@code h:<16 hex>}, NULL stays NULL), and the rows of COPY FROM STDIN (each CopyData by one
 * token). Everything the server sends has been masked by the proxy already and passes untouched, as does every
 * other client message. A client message that does not decode is replaced whole: fail closed.
 */
final class MessageRedaction {

    private final LiteralRedactor redactor; // null: keep everything

    private MessageRedaction(LiteralRedactor redactor) {
        this.redactor = redactor;
    }

    static MessageRedaction of(LiteralPolicy policy, LiteralRedactor hashing) {
        return new MessageRedaction(policy == LiteralPolicy.HASH ? hashing : null);
    }

    /** Whether this message must be rewritten (cheap: looks at the direction and type byte only). */
    boolean rewrites(Direction direction, ByteBuf message) {
        if (redactor == null || direction != Direction.CLIENT_TO_SERVER || message.readableBytes() < 5) {
            return false;
        }
        byte type = message.getByte(message.readerIndex());
        return type == MessageType.QUERY || type == MessageType.PARSE || type == MessageType.BIND
                || type == MessageType.FUNCTION_CALL || type == MessageType.COPY_DATA;
    }

    /** The redacted message bytes; call only when {@link #rewrites} said so. */
    byte[] rewrite(ByteBuf message) {
        int ri = message.readerIndex();
        byte type = message.getByte(ri);
        ByteBuf body = message.slice(ri + 5, message.readableBytes() - 5);
        PgMessage redacted;
        try {
            redacted = switch (type) {
                case MessageType.QUERY -> new Query(redactor.redact(Query.decode(body).sql()));
                case MessageType.PARSE -> {
                    Parse p = Parse.decode(body);
                    yield new Parse(p.statementName(), redactor.redact(p.sql()), p.parameterTypes());
                }
                case MessageType.BIND -> {
                    Bind b = Bind.decode(body);
                    yield new Bind(b.portal(), b.statementName(), b.parameterFormats(), tokens(b.parameters()),
                            b.resultFormats());
                }
                case MessageType.FUNCTION_CALL -> {
                    FunctionCall f = FunctionCall.decode(body);
                    yield new FunctionCall(f.functionOid(), f.argumentFormats(), tokens(f.arguments()),
                            f.resultFormat());
                }
                default -> new CopyData(token(CopyData.decode(body).data()));
            };
        } catch (RuntimeException undecodable) {
            // not a message we can read: keep its type, replace all of its content
            redacted = new Query(redactor.token(ByteBufUtil.getBytes(body)));
            return withType(type, encode(redacted));
        }
        return encode(redacted);
    }

    private List<ByteBuf> tokens(List<ByteBuf> values) {
        List<ByteBuf> out = new ArrayList<>(values.size());
        for (ByteBuf v : values) {
            out.add(v == null ? null : token(v));
        }
        return out;
    }

    private ByteBuf token(ByteBuf value) {
        return Unpooled.wrappedBuffer(redactor.token(ByteBufUtil.getBytes(value)).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] encode(PgMessage message) {
        ByteBuf out = Unpooled.buffer();
        message.encode(out);
        return ByteBufUtil.getBytes(out);
    }

    private static byte[] withType(byte type, byte[] message) {
        message[0] = type;
        return message;
    }
}
