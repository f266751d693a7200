package dev.phiguard.proxy.wire;

/** A message sent by the server. Decode with {@link BackendMessages#decode(Frame)}. */
public sealed interface BackendMessage extends PgMessage
        permits Authentication, BackendKeyData, ParameterStatus, ReadyForQuery,
                RowDescription, DataRow, CommandComplete, EmptyQueryResponse, Notice, NotificationResponse,
                ParseComplete, BindComplete, CloseComplete, NoData, PortalSuspended, ParameterDescription,
                CopyInResponse, CopyOutResponse, CopyBothResponse, CopyData, CopyDone,
                FunctionCallResponse, NegotiateProtocolVersion, UnknownBackend {
}
