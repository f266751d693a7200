package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;

/** A protocol message that can write itself. */
public sealed interface PgMessage permits FrontendMessage, BackendMessage {

    /**
     * Writes the complete message to {@code out}: type byte (none for the untyped startup-phase messages), Int32
     * length, body. {@code ByteBuf} components are read without moving their reader index.
     *
     * @throws IllegalArgumentException if a string component contains a NUL character (it would corrupt the framing)
     */
    void encode(ByteBuf out);
}
