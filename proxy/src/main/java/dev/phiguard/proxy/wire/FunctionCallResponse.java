package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/**
 * FunctionCallResponse ('V'): {@code Int32 length (-1 = NULL), Byte[length] value}. {@code value} is a slice of the
 * frame, or null for NULL. {@code toString()} does not show the value.
 */
public record FunctionCallResponse(ByteBuf value) implements BackendMessage {

    public static FunctionCallResponse decode(ByteBuf body) {
        BodyReader r = BodyReader.of(body, "FunctionCallResponse");
        ByteBuf value = r.readValue("result value");
        r.expectEnd();
        return new FunctionCallResponse(value);
    }

    @Override
    public void encode(ByteBuf out) {
        int start = Wire.beginMessage(out, MessageType.FUNCTION_CALL_RESPONSE);
        Wire.writeValue(out, value);
        Wire.endMessage(out, start);
    }

    @Override
    public String toString() {
        return "FunctionCallResponse[value=" + Wire.redacted(value) + "]";
    }
}
