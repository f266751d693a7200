package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** Decodes server frames: switches on the type byte and hands off. */
public final class BackendMessages {

    private BackendMessages() {
    }

    /**
     * Decodes a server frame. {@code ByteBuf} components of the result are slices of the frame, valid while it is
     * alive. Unknown type bytes give {@link UnknownBackend}.
     *
     * @throws ProtocolViolationException if the body does not match the message format
     * @throws IllegalArgumentException   for an untyped frame (servers only send typed messages)
     */
    public static BackendMessage decode(Frame frame) {
        if (!frame.isTyped()) {
            throw new IllegalArgumentException("servers send typed messages only");
        }
        ByteBuf body = frame.body();
        byte type = frame.type();
        switch (type) {
            case MessageType.DATA_ROW:
                return DataRow.decode(body);
            case MessageType.COPY_DATA:
                return CopyData.decode(body);
            case MessageType.COMMAND_COMPLETE:
                return CommandComplete.decode(body);
            case MessageType.READY_FOR_QUERY:
                return ReadyForQuery.decode(body);
            case MessageType.ROW_DESCRIPTION:
                return RowDescription.decode(body);
            case MessageType.PARSE_COMPLETE:
                return ParseComplete.decode(body);
            case MessageType.BIND_COMPLETE:
                return BindComplete.decode(body);
            case MessageType.CLOSE_COMPLETE:
                return CloseComplete.decode(body);
            case MessageType.NO_DATA:
                return NoData.decode(body);
            case MessageType.PORTAL_SUSPENDED:
                return PortalSuspended.decode(body);
            case MessageType.PARAMETER_DESCRIPTION:
                return ParameterDescription.decode(body);
            case MessageType.EMPTY_QUERY_RESPONSE:
                return EmptyQueryResponse.decode(body);
            case MessageType.ERROR_RESPONSE:
                return ErrorResponse.decode(body);
            case MessageType.NOTICE_RESPONSE:
                return NoticeResponse.decode(body);
            case MessageType.NOTIFICATION_RESPONSE:
                return NotificationResponse.decode(body);
            case MessageType.AUTHENTICATION:
                return Authentication.decode(body);
            case MessageType.BACKEND_KEY_DATA:
                return BackendKeyData.decode(body);
            case MessageType.PARAMETER_STATUS:
                return ParameterStatus.decode(body);
            case MessageType.COPY_IN_RESPONSE:
                return CopyInResponse.decode(body);
            case MessageType.COPY_OUT_RESPONSE:
                return CopyOutResponse.decode(body);
            case MessageType.COPY_BOTH_RESPONSE:
                return CopyBothResponse.decode(body);
            case MessageType.COPY_DONE:
                return CopyDone.decode(body);
            case MessageType.FUNCTION_CALL_RESPONSE:
                return FunctionCallResponse.decode(body);
            case MessageType.NEGOTIATE_PROTOCOL_VERSION:
                return NegotiateProtocolVersion.decode(body);
            default:
                return new UnknownBackend(type, body);
        }
    }
}
