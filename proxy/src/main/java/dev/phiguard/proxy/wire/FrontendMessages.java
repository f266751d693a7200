package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** Decodes client frames: switches on the type byte (or, for untyped frames, the code) and hands off. */
public final class FrontendMessages {

    private FrontendMessages() {
    }

    /**
     * Decodes a client frame. {@code ByteBuf} components of the result are slices of the frame, valid while it is
     * alive. Unknown type bytes give {@link UnknownFrontend}; 'p' gives {@link AuthenticationResponse}.
     *
     * @throws ProtocolViolationException if the body does not match the message format
     */
    public static FrontendMessage decode(Frame frame) {
        ByteBuf body = frame.body();
        if (!frame.isTyped()) {
            int code = frame.code();
            switch (code) {
                case MessageType.SSL_REQUEST_CODE:
                    return SslRequest.decode(body);
                case MessageType.GSSENC_REQUEST_CODE:
                    return GssEncRequest.decode(body);
                case MessageType.CANCEL_REQUEST_CODE:
                    return CancelRequest.decode(body);
                default:
                    return StartupMessage.decode(body);
            }
        }
        byte type = frame.type();
        switch (type) {
            case MessageType.QUERY:
                return Query.decode(body);
            case MessageType.PARSE:
                return Parse.decode(body);
            case MessageType.BIND:
                return Bind.decode(body);
            case MessageType.DESCRIBE:
                return Describe.decode(body);
            case MessageType.EXECUTE:
                return Execute.decode(body);
            case MessageType.SYNC:
                return Sync.decode(body);
            case MessageType.FLUSH:
                return Flush.decode(body);
            case MessageType.CLOSE:
                return Close.decode(body);
            case MessageType.COPY_DATA:
                return CopyData.decode(body);
            case MessageType.COPY_DONE:
                return CopyDone.decode(body);
            case MessageType.COPY_FAIL:
                return CopyFail.decode(body);
            case MessageType.FUNCTION_CALL:
                return FunctionCall.decode(body);
            case MessageType.AUTHENTICATION_RESPONSE:
                return AuthenticationResponse.decode(body);
            case MessageType.TERMINATE:
                return Terminate.decode(body);
            default:
                return new UnknownFrontend(type, body);
        }
    }
}
