package dev.phiguard.proxy.wire;

/** A message sent by the client. Decode with {@link FrontendMessages#decode(Frame)}. */
public sealed interface FrontendMessage extends PgMessage
        permits StartupMessage, SslRequest, GssEncRequest, CancelRequest,
                Query, Parse, Bind, Describe, Execute, Sync, Flush, Close,
                CopyData, CopyDone, CopyFail, FunctionCall,
                AuthenticationResponse, SaslInitialResponse, SaslResponse, PasswordMessage,
                Terminate, UnknownFrontend {
}
