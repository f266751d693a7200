/**
 * The PostgreSQL wire codec (protocol 3.0): framing, one immutable type per message, dispatch.
 *
 * <h2>Layers</h2>
 * <ol>
 *   <li>{@link PgFrameDecoder} cuts the byte stream into {@link Frame}s:
 *       one complete message each, exactly as it arrived (zero copy, reference counted).</li>
 *   <li>{@link FrontendMessages#decode} / {@link BackendMessages#decode}
 *       turn a frame into a {@link FrontendMessage} / {@link BackendMessage}
 *       when (and only when) the caller needs to read it. Unknown types become {@code UnknownFrontend} /
 *       {@code UnknownBackend}; forwarding the frame itself is always the cheapest pass-through.</li>
 *   <li>Every message writes itself with {@code encode(ByteBuf out)} (type byte, length, body);
 *       {@link Messages#encode} allocates and encodes in one call.</li>
 * </ol>
 *
 * <h2>Decoded messages are views</h2>
 * Every {@code ByteBuf} component of a decoded message (e.g. {@code Bind.parameters()}, {@code CopyData.data()},
 * {@code DataRow.column(i)}) is a <em>slice of the frame</em>: no copy, not retained. It is valid only while the
 * {@code Frame} it came from is alive (not released). Retain the frame, or copy the bytes, to keep them longer.
 * Encoding never moves the reader index of a component, so a message can be encoded any number of times.
 *
 * <h2>Strictness</h2>
 * Any structural violation (missing NUL terminator, counts or lengths that overrun the body, negative lengths
 * other than -1 for NULL, trailing bytes, invalid enum values) raises
 * {@link ProtocolViolationException}, whose message is safe to show to the client.
 * Strings sent by the <em>client</em> must be valid UTF-8 (they feed the policy decision: we never analyse text
 * that differs from what the server will see); strings sent by the <em>server</em> are decoded leniently
 * (malformed sequences become U+FFFD) because they are only inspected, never trusted.
 *
 * <h2>No content in {@code toString()}</h2>
 * {@code toString()} of frames and messages never shows SQL text, parameter or column values, passwords,
 * authentication data, secret keys, error message texts or notification payloads: they may hold PHI or secrets
 * and {@code toString()} ends up in logs. Only types, lengths, counts and harmless identifiers are shown.
 */
package dev.phiguard.proxy.wire;
