package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Map;

/**
 * NoticeResponse ('N'). {@code toString()} shows severity, SQLSTATE and field codes only: message texts
 * may quote values.
 */
public record NoticeResponse(Map<Character, String> fields) implements Notice {

    public NoticeResponse {
        fields = Notices.copyFields(fields);
    }

    /** Sets severity (S and V), SQLSTATE (C) and message (M), in that order. */
    public static NoticeResponse of(String severity, String sqlState, String message) {
        return new NoticeResponse(Notices.standardFields(severity, sqlState, message));
    }

    public static NoticeResponse decode(ByteBuf body) {
        return new NoticeResponse(Notices.decodeFields(body, "NoticeResponse"));
    }

    @Override
    public void encode(ByteBuf out) {
        Notices.encode(out, MessageType.NOTICE_RESPONSE, fields);
    }

    @Override
    public String toString() {
        return Notices.describe("NoticeResponse", this);
    }
}
