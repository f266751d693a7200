package dev.phiguard.proxy.recording;

/**
 * What reading or verifying a recording found, as data (a damaged recording is a finding, not an exception).
 */
public sealed interface RecordingStatus {

    /** A one-line description naming the place of any damage. */
    String describe();

    /** Whether every chunk and the signed trailer are intact and the signature verifies. */
    default boolean isValid() {
        return this instanceof Valid;
    }

    /** Verified: header, every chunk's chain hash, the trailer, and its Ed25519 signature. */
    record Valid(RecordingHeader header, Trailer trailer) implements RecordingStatus {
        @Override
        public String describe() {
            return "VALID: " + trailer.chunks() + " chunks, " + trailer.frames() + " frames, signed by key "
                    + header.signingKeyId() + ", closed " + trailer.closedAt() + " (" + trailer.reason() + ")";
        }
    }

    /** Read to its trailer with an intact chain; the signature was not checked (reading, not verifying). */
    record Closed(RecordingHeader header, Trailer trailer) implements RecordingStatus {
        @Override
        public String describe() {
            return "CLOSED: " + trailer.chunks() + " chunks, " + trailer.frames() + " frames, closed "
                    + trailer.closedAt() + " (" + trailer.reason() + "); signature not checked";
        }
    }

    /**
     * Every complete chunk is intact but the file ends without a trailer: the session is still open, or the
     * process died. Readable up to chunk {@code chunks - 1}.
     *
     * @param header     the header, or null if the file ends inside it
     * @param chunks     intact data chunks
     * @param frames     frames in them, or -1 if unknown (encrypted, no key given)
     * @param validBytes length of the intact prefix of the file
     */
    record Truncated(RecordingHeader header, long chunks, long frames, long validBytes) implements RecordingStatus {
        @Override
        public String describe() {
            if (header == null) {
                return "TRUNCATED: the file ends inside its header (" + validBytes + " intact bytes)";
            }
            return "TRUNCATED: no trailer; readable up to chunk " + (chunks - 1) + " (" + chunks + " chunks"
                    + (frames >= 0 ? ", " + frames + " frames" : "") + ", " + validBytes + " intact bytes)";
        }
    }

    /**
     * The recording was altered or damaged; nothing from {@code offset} on can be trusted.
     *
     * @param offset byte offset of the damaged header or record
     * @param chunk  the sequence number of the damaged record (the trailer's is the chunk count), or -1 for the header
     * @param frame  the index of the first frame of that record, or -1 if unknown
     * @param reason what is wrong
     */
    record Corrupt(long offset, long chunk, long frame, String reason) implements RecordingStatus {
        @Override
        public String describe() {
            return "CORRUPT at byte offset " + offset + (chunk < 0 ? " (header)" : " (chunk " + chunk
                    + (frame >= 0 ? ", from frame " + frame : "") + ")") + ": " + reason;
        }
    }
}
