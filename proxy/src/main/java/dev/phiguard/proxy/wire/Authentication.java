package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/**
 * The authentication requests ('R'): {@code Int32 code, ...}. {@link #decode} reads the code and hands off;
 * codes without a dedicated type (Kerberos, SCM, GSS, SSPI, future ones) become {@link AuthenticationOther}.
 */
public sealed interface Authentication extends BackendMessage
        permits AuthenticationOk, AuthenticationCleartextPassword, AuthenticationMd5Password, AuthenticationSasl,
                AuthenticationSaslContinue, AuthenticationSaslFinal, AuthenticationOther {

    /** The authentication request code ({@code MessageType.AUTH_*}). */
    int code();

    /** @param body the bytes after the header, starting with the code */
    static Authentication decode(ByteBuf body) {
        if (body.readableBytes() < 4) {
            throw new ProtocolViolationException("malformed Authentication message: "
                    + "truncated code: 4 bytes needed, " + body.readableBytes() + " left");
        }
        int code = body.getInt(body.readerIndex());
        switch (code) {
            case MessageType.AUTH_OK:
                return AuthenticationOk.decode(body);
            case MessageType.AUTH_CLEARTEXT_PASSWORD:
                return AuthenticationCleartextPassword.decode(body);
            case MessageType.AUTH_MD5_PASSWORD:
                return AuthenticationMd5Password.decode(body);
            case MessageType.AUTH_SASL:
                return AuthenticationSasl.decode(body);
            case MessageType.AUTH_SASL_CONTINUE:
                return AuthenticationSaslContinue.decode(body);
            case MessageType.AUTH_SASL_FINAL:
                return AuthenticationSaslFinal.decode(body);
            default:
                return AuthenticationOther.decode(body);
        }
    }
}
