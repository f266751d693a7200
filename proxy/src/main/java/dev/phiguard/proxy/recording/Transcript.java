package dev.phiguard.proxy.recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Renders a recording as a transcript: per statement its time, text and parameters (as recorded), the result
 * table with its masked values (the first {@link Options#maxRows()} rows printed, all counted), the row count,
 * errors and the duration; then how the recording ended. Streams with constant memory; in follow mode it tails a
 * recording that is still being written. This is the API of {@code phiguard replay}.
 *
 * <pre>{@code
 * RecordingStatus end = Transcript.render(file, Transcript.Format.TEXT, Transcript.Options.defaults(), writer);
 * RecordingStatus verdict = RecordingVerifier.verify(file, publicKey);
 * }</pre>
 */
public final class Transcript {

    /** Output formats. */
    public enum Format {
        /** For people. */
        TEXT,
        /** One JSON object per line ({@code session}, {@code statement}, {@code notice}, {@code end} events). */
        JSON
    }

    /**
     * @param maxRows       rows printed per statement (all are counted)
     * @param decryptionKey for encrypted recordings, else null
     * @param follow        tail a recording that is still being written, until its trailer
     * @param followIdle    in follow mode, stop after this long without growth (null: until interrupted)
     */
    public record Options(int maxRows, EncryptionKey decryptionKey, boolean follow, Duration followIdle) {
        public Options {
            if (maxRows < 0) {
                throw new IllegalArgumentException("maxRows must not be negative");
            }
        }

        /** 20 rows per statement, no key, no follow. */
        public static Options defaults() {
            return new Options(20, null, false, null);
        }

        public Options withMaxRows(int maxRows) {
            return new Options(maxRows, decryptionKey, follow, followIdle);
        }

        public Options withDecryptionKey(EncryptionKey key) {
            return new Options(maxRows, key, follow, followIdle);
        }

        public Options following(Duration idle) {
            return new Options(maxRows, decryptionKey, true, idle);
        }
    }

    private Transcript() {
    }

    /**
     * Writes the transcript of {@code recording} to {@code out}.
     *
     * @return how the recording ended (closed, truncated or corrupt; the signature is checked by
     *     {@link RecordingVerifier}, not here)
     * @throws RecordingException if the file is not a readable recording (damaged header, missing or wrong key)
     * @throws IOException        if reading or writing fails
     */
    public static RecordingStatus render(Path recording, Format format, Options options, Writer out)
            throws IOException {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(out, "out");
        Consumer<TranscriptEvent> sink = format == Format.JSON ? new JsonTranscript(out) : new TextTranscript(out);
        RecordingReader.Options readOptions = new RecordingReader.Options(options.decryptionKey(), options.follow(),
                options.followIdle());
        try (RecordingReader reader = RecordingReader.open(recording, readOptions)) {
            sink.accept(new TranscriptEvent.Session(reader.header()));
            StatementTracker tracker = new StatementTracker(reader.header(), options.maxRows(), sink);
            for (RecordedFrame frame = reader.next(); frame != null; frame = reader.next()) {
                tracker.accept(frame);
            }
            sink.accept(new TranscriptEvent.End(reader.status()));
            return reader.status();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
