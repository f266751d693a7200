package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Map;

/**
 * ErrorResponse ('E'). {@code toString()} shows severity, SQLSTATE and field codes only: message texts
 * may quote values.
 */
public record ErrorResponse(Map<Character, String> fields) implements Notice {

    public ErrorResponse {
        fields = Notices.copyFields(fields);
    }

    /** Sets severity (S and V), SQLSTATE (C) and message (M), in that order. */
    public static ErrorResponse of(String severity, String sqlState, String message) {
        return new ErrorResponse(Notices.standardFields(severity, sqlState, message));
    }

    /** Severity {@code ERROR}: the statement failed, the session goes on. */
    public static ErrorResponse error(String sqlState, String message) {
        return of("ERROR", sqlState, message);
    }

    /** Severity {@code FATAL}: the server (here: the proxy) closes the session after sending it. */
    public static ErrorResponse fatal(String sqlState, String message) {
        return of("FATAL", sqlState, message);
    }

    public static ErrorResponse decode(ByteBuf body) {
        return new ErrorResponse(Notices.decodeFields(body, "ErrorResponse"));
    }

    @Override
    public void encode(ByteBuf out) {
        Notices.encode(out, MessageType.ERROR_RESPONSE, fields);
    }

    @Override
    public String toString() {
        return Notices.describe("ErrorResponse", this);
    }
}
