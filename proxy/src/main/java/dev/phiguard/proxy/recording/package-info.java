/**
 * Session recordings: the full post-masking protocol stream of every proxied session, hash-chained, signed when it
 * closes, optionally encrypted at rest, and read back as a transcript (invariant 4). The byte format is specified
 * in {@code docs/recording-format.md}.
 *
 * <h2>Writing</h2>
 * {@link dev.phiguard.proxy.recording.RecordingWriter} is the proxy's
 * {@link dev.phiguard.proxy.port.RecordingSink}. On the session's event loop each message is copied into a chunk
 * buffer; client statements are redacted first (constants and Bind parameters become keyed hash tokens under
 * {@link dev.phiguard.proxy.recording.LiteralPolicy#HASH}, see {@code policies.sql.LiteralRedactor}). At every
 * statement boundary, or at 64 KiB, the chunk goes to one disk-writer thread, which encrypts it (optional),
 * chains it (SHA-256 over the previous hash and the record) and hands it to the operating system, so that a crash
 * loses no flushed chunk. At close a trailer with the counts, the final hash and an Ed25519 signature
 * ({@link dev.phiguard.proxy.recording.SigningKeys}) ends the file. A recording that cannot keep up or cannot be
 * written stops its session ({@link dev.phiguard.proxy.recording.RecordingFailedException}): fail closed, nothing
 * dropped silently, no size cap.
 *
 * <h2>Reading</h2>
 * {@link dev.phiguard.proxy.recording.RecordingVerifier#verify} checks everything and reports
 * {@link dev.phiguard.proxy.recording.RecordingStatus} (valid, truncated up to chunk N, or corrupt at a named
 * chunk, frame and byte offset) without throwing for damaged files.
 * {@link dev.phiguard.proxy.recording.RecordingReader} streams frames (optionally following a file that is still
 * being written); {@link dev.phiguard.proxy.recording.Transcript#render} turns them into a text or JSON-lines
 * transcript. All of them hold one chunk in memory at a time.
 *
 * <p>No {@code toString()} here shows key material, statement text, parameters or row values.
 */
package dev.phiguard.proxy.recording;
