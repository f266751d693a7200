package dev.phiguard.proxy.wire;

import io.netty.handler.codec.DecoderException;

/**
 * The peer broke the PostgreSQL protocol: malformed framing, an oversize or negative length, or a message body
 * that does not match its format. The message never contains message content and is safe to send to the client
 * (in an {@code ErrorResponse} with SQLSTATE {@link #SQLSTATE}) and to log.
 */
public final class ProtocolViolationException extends DecoderException {

    private static final long serialVersionUID = 1L;

    /** SQLSTATE {@code protocol_violation}, what PostgreSQL itself reports for these errors. */
    public static final String SQLSTATE = "08P01";

    public ProtocolViolationException(String message) {
        super(message);
    }
}
