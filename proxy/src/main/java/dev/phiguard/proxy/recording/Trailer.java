package dev.phiguard.proxy.recording;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The last record of a closed recording: counts, why it closed, the chain hash of the last data chunk, and the
 * Ed25519 signature over the file's header block and all of these fields.
 *
 * @param frames       messages recorded
 * @param chunks       data chunks written
 * @param messageBytes message bytes recorded (after redaction)
 * @param closedAt     wall-clock close time
 * @param reason       why the session closed
 * @param finalHash    the chain hash after the last data chunk (the header hash if there was none)
 * @param signature    Ed25519 signature of {@link #signedBytes(byte[])}
 */
public record Trailer(long frames, long chunks, long messageBytes, Instant closedAt, String reason,
                      byte[] finalHash, byte[] signature) {

    public Trailer {
        Objects.requireNonNull(closedAt, "closedAt");
        Objects.requireNonNull(reason, "reason");
        finalHash = finalHash.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] finalHash() {
        return finalHash.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** What the signature covers: the file's header block (prefix, header, header hash), then the fields. */
    byte[] signedBytes(byte[] headerBlock) {
        byte[] fields = fields();
        byte[] out = Arrays.copyOf(headerBlock, headerBlock.length + fields.length);
        System.arraycopy(fields, 0, out, headerBlock.length, fields.length);
        return out;
    }

    private byte[] fields() {
        String closed = closedAt.toString();
        ByteBuffer out = ByteBuffer.allocate(24 + RecordingFormat.stringBytes(closed)
                + RecordingFormat.stringBytes(reason) + RecordingFormat.HASH_BYTES);
        out.putLong(frames).putLong(chunks).putLong(messageBytes);
        RecordingFormat.putString(out, closed);
        RecordingFormat.putString(out, reason);
        out.put(finalHash);
        return out.array();
    }

    byte[] encode() {
        byte[] fields = fields();
        return ByteBuffer.allocate(fields.length + 2 + signature.length).put(fields)
                .putShort((short) signature.length).put(signature).array();
    }

    static Trailer decode(byte[] payload) throws RecordingException {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            long frames = in.getLong();
            long chunks = in.getLong();
            long bytes = in.getLong();
            Instant closedAt = Instant.parse(RecordingFormat.getString(in));
            String reason = RecordingFormat.getString(in);
            byte[] hash = new byte[RecordingFormat.HASH_BYTES];
            in.get(hash);
            byte[] signature = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(signature);
            if (in.hasRemaining()) {
                throw new RecordingException("the trailer has unexpected trailing bytes");
            }
            return new Trailer(frames, chunks, bytes, closedAt, reason, hash, signature);
        } catch (BufferUnderflowException e) {
            throw new RecordingException("the trailer ends early");
        } catch (DateTimeParseException e) {
            throw new RecordingException("the trailer holds an invalid time");
        }
    }

    /** Counts and reason only. */
    @Override
    public String toString() {
        return "Trailer[frames=" + frames + ", chunks=" + chunks + ", messageBytes=" + messageBytes + ", closedAt="
                + closedAt + ", reason=" + reason + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Trailer t && frames == t.frames && chunks == t.chunks && messageBytes == t.messageBytes
                && closedAt.equals(t.closedAt) && reason.equals(t.reason) && Arrays.equals(finalHash, t.finalHash)
                && Arrays.equals(signature, t.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(frames, chunks, messageBytes, closedAt, reason, Arrays.hashCode(finalHash));
    }
}
