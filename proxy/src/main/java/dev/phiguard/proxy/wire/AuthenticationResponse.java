package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/**
 * Any 'p' message: PasswordMessage, SASLInitialResponse, SASLResponse or GSSResponse share the type byte and only
 * the state of the authentication exchange tells them apart, so the generic decoder returns this and the session
 * interprets it with {@link #asPasswordMessage()}, {@link #asSaslInitialResponse()} or {@link #asSaslResponse()}.
 * {@code data} is a slice of the frame. {@code toString()} does not show the data.
 */
public record AuthenticationResponse(ByteBuf data) implements FrontendMessage {

    public AuthenticationResponse {
        Objects.requireNonNull(data, "data");
    }

    public static AuthenticationResponse decode(ByteBuf body) {
        return new AuthenticationResponse(body);
    }

    /** Reads the data as a PasswordMessage (after AuthenticationCleartextPassword or AuthenticationMD5Password). */
    public PasswordMessage asPasswordMessage() {
        return PasswordMessage.decode(data);
    }

    /** Reads the data as a SASLInitialResponse (the first answer to AuthenticationSASL). */
    public SaslInitialResponse asSaslInitialResponse() {
        return SaslInitialResponse.decode(data);
    }

    /** Reads the data as a SASLResponse (answers to AuthenticationSASLContinue). */
    public SaslResponse asSaslResponse() {
        return SaslResponse.decode(data);
    }

    @Override
    public void encode(ByteBuf out) {
        Wire.writeRaw(out, MessageType.AUTHENTICATION_RESPONSE, data);
    }

    @Override
    public String toString() {
        return "AuthenticationResponse[" + Wire.redacted(data) + "]";
    }
}
