package dev.phiguard.proxy.recording;

import dev.phiguard.policies.sql.LiteralRedactor;
import dev.phiguard.proxy.port.RecordingSink;
import dev.phiguard.proxy.port.SessionInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The proxy's {@link RecordingSink}: one signed, hash-chained file per session under
 * {@link RecordingSettings#directory()}, named {@code <session id>.phirec} (format: {@code docs/recording-format.md}).
 *
 * <p>The session's event loop only copies (and, for client statements, redacts) each message into the session's
 * chunk buffer; a single disk-writer thread per {@code RecordingWriter} encrypts, chains and writes the chunks.
 * A chunk is handed over at a statement boundary (statements ending within {@link RecordingSettings#flushInterval()}
 * of the last hand-over are gathered into one chunk, handed over when the interval has passed) and whenever it
 * reaches {@link RecordingSettings#chunkBytes()}.
 * When the disk writer falls behind, the event loop waits up to {@link RecordingSettings#backpressureLimit()}
 * for room; after that, or after a write error, the session's next message throws
 * {@link RecordingFailedException} and the proxy closes the session: data is never relayed unrecorded and never
 * dropped from a recording silently. There is no size limit.
 *
 * <p>Close it after the proxy: it drains the queue (writing the trailers of closed sessions) and stops the thread.
 */
public final class RecordingWriter implements RecordingSink, AutoCloseable {

    /** The suffix of recording files. */
    public static final String SUFFIX = ".phirec";
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private final RecordingSettings settings;
    private final SigningKeys keys;
    private final MessageRedaction redaction;
    private final EncryptionKey encryptionKey;
    private final SecureRandom random = new SecureRandom();
    private final DiskWriter disk;

    /**
     * @param settings       where and how to write
     * @param keys           the key pair that signs each recording when it closes
     * @param literalHashing the keyed redactor for constants and parameters (used under {@link LiteralPolicy#HASH})
     * @param encryptionKey  the AES-256 key for encryption at rest, or null for none
     * @throws UncheckedIOException if the directory cannot be created
     */
    public RecordingWriter(RecordingSettings settings, SigningKeys keys, LiteralRedactor literalHashing,
                           EncryptionKey encryptionKey) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keys = Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(literalHashing, "literalHashing");
        if (settings.literals() == LiteralPolicy.HASH && !literalHashing.isHashing()) {
            throw new IllegalArgumentException("LiteralPolicy.HASH needs a hashing LiteralRedactor");
        }
        this.redaction = MessageRedaction.of(settings.literals(), literalHashing);
        this.encryptionKey = encryptionKey;
        try {
            Files.createDirectories(settings.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the recordings directory " + settings.directory(), e);
        }
        this.disk = new DiskWriter(settings.queueChunks(), "phiguard-recording-writer");
    }

    /**
     * The usual assembly: the signing key pair from {@code keyDirectory} (created there on first use), constants
     * hashed under {@code literalKey}.
     *
     * @param literalKey    the HMAC key for constant and parameter tokens (at least 16 bytes)
     * @param encryptionKey the AES-256 key for encryption at rest, or null for none
     * @throws IOException if the key files cannot be read or created
     */
    public static RecordingWriter create(RecordingSettings settings, Path keyDirectory, byte[] literalKey,
                                         EncryptionKey encryptionKey) throws IOException {
        return new RecordingWriter(settings, SigningKeys.loadOrCreate(keyDirectory), LiteralRedactor.hashing(literalKey),
                encryptionKey);
    }

    /**
     * @return the file of session {@code sessionId} under {@code directory}
     * @throws IllegalArgumentException if the id cannot be a file name
     */
    public static Path fileFor(Path directory, String sessionId) {
        if (!SESSION_ID.matcher(sessionId).matches()) {
            throw new IllegalArgumentException("session id is not usable as a file name");
        }
        return directory.resolve(sessionId + SUFFIX);
    }

    @Override
    public SessionRecorder open(SessionInfo session) {
        long originNanos = System.nanoTime();
        Instant openedAt = Instant.now(); // frame times are offsets from this instant
        RecordingHeader header = new RecordingHeader(RecordingFormat.VERSION, session.sessionId(), session.leaseId(),
                session.grant().purpose(), session.grant().targetName(), String.valueOf(session.clientAddress()),
                session.applicationName(), session.tls(), openedAt, keys.keyId(), settings.literals(),
                encryptionKey != null);
        RecordingFileWriter file = new RecordingFileWriter(fileFor(settings.directory(), session.sessionId()), header,
                keys, encryptionKey, random);
        return new SessionRecording(session.sessionId(), file, redaction, disk, settings, originNanos);
    }

    public RecordingSettings settings() {
        return settings;
    }

    /** Writes what is queued (trailers of closed sessions included) and stops the disk writer. */
    @Override
    public void close() {
        disk.stop(Duration.ofSeconds(30));
    }

    @Override
    public String toString() {
        return "RecordingWriter[" + settings.directory() + ", " + settings.literals()
                + (encryptionKey != null ? ", encrypted" : "") + ", " + keys + "]";
    }
}
