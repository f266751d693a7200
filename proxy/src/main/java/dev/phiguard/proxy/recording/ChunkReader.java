package dev.phiguard.proxy.recording;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Reads the records of a recording file one at a time, checking each record header's CRC, the sequence numbers
 * and the hash chain as it goes. Holds one record in memory at a time. A record that ends at the end of the file
 * is {@link Read.Incomplete} (the file is still being written, or was cut), never an error: reading again after
 * the file grew continues from the same place.
 */
final class ChunkReader implements Closeable {

    /** The outcome of one read. */
    sealed interface Read {
        /** The header block is complete and intact. */
        record Header(RecordingHeader header, byte[] headerBlock, byte[] headerHash) implements Read {
        }

        /** One complete, intact record that extends the chain. */
        record Record(byte kind, long seq, long offset, byte[] payload) implements Read {
        }

        /** The file ends inside the header or a record starting at {@code offset}. */
        record Incomplete(long offset) implements Read {
        }

        /** The bytes at {@code offset} are not what was written; nothing after them can be trusted. */
        record Corrupt(long offset, String reason) implements Read {
        }

        /** The trailer was read and nothing follows it. */
        record End() implements Read {
        }
    }

    private final FileChannel channel;
    private long position;
    private byte[] chain;
    private long nextSeq;
    private boolean trailerRead;
    private Read.Corrupt corrupt;

    private ChunkReader(FileChannel channel) {
        this.channel = channel;
    }

    static ChunkReader open(Path file) throws IOException {
        return new ChunkReader(FileChannel.open(file, StandardOpenOption.READ));
    }

    /** Reads the header block; call until it is not {@link Read.Incomplete}, then call {@link #next}. */
    Read header() throws IOException {
        byte[] prefix = new byte[RecordingFormat.PREFIX_BYTES];
        int n = readAt(0, prefix);
        int magicSeen = Math.min(n, RecordingFormat.MAGIC.length);
        if (!Arrays.equals(prefix, 0, magicSeen, RecordingFormat.MAGIC, 0, magicSeen)) {
            return corrupt(0, "not a phiguard recording (bad magic)");
        }
        if (n < prefix.length) {
            return new Read.Incomplete(0);
        }
        ByteBuffer p = ByteBuffer.wrap(prefix);
        int length = p.getInt(RecordingFormat.MAGIC.length);
        if (p.getInt(RecordingFormat.PREFIX_BYTES - 4) != RecordingFormat.crc32c(prefix, 0, prefix.length - 4)) {
            return corrupt(RecordingFormat.MAGIC.length, "header length checksum mismatch");
        }
        if (length < 0 || length > RecordingFormat.MAX_HEADER_BYTES) {
            return corrupt(RecordingFormat.MAGIC.length, "invalid header length " + length);
        }
        byte[] block = new byte[RecordingFormat.PREFIX_BYTES + length + RecordingFormat.HASH_BYTES];
        if (readAt(0, block) < block.length) {
            return new Read.Incomplete(0);
        }
        int hashed = RecordingFormat.PREFIX_BYTES + length;
        MessageDigest digest = RecordingFormat.sha256();
        digest.update(block, 0, hashed);
        byte[] hash = digest.digest();
        if (!Arrays.equals(hash, 0, hash.length, block, hashed, block.length)) {
            return corrupt(RecordingFormat.PREFIX_BYTES, "header hash mismatch (the header was altered)");
        }
        RecordingHeader header;
        try {
            header = RecordingHeader.decode(Arrays.copyOfRange(block, RecordingFormat.PREFIX_BYTES, hashed));
        } catch (RecordingException e) {
            return corrupt(RecordingFormat.PREFIX_BYTES, e.getMessage());
        }
        chain = hash;
        position = block.length;
        return new Read.Header(header, block, hash);
    }

    /** Reads the next record. */
    Read next() throws IOException {
        if (corrupt != null) {
            return corrupt;
        }
        if (chain == null) {
            throw new IllegalStateException("read the header first");
        }
        long start = position;
        if (trailerRead) {
            return channel.size() > start ? corrupt(start, "unexpected bytes after the trailer") : new Read.End();
        }
        byte[] recordHeader = new byte[RecordingFormat.RECORD_HEADER_BYTES];
        if (readAt(start, recordHeader) < recordHeader.length) {
            return new Read.Incomplete(start);
        }
        ByteBuffer h = ByteBuffer.wrap(recordHeader);
        byte kind = h.get();
        long seq = h.getLong();
        int length = h.getInt();
        if (h.getInt() != RecordingFormat.crc32c(recordHeader, 0, recordHeader.length - 4)) {
            return corrupt(start, "record header checksum mismatch");
        }
        if (kind != RecordingFormat.KIND_CHUNK && kind != RecordingFormat.KIND_TRAILER) {
            return corrupt(start, "unknown record kind " + (kind & 0xFF));
        }
        if (seq != nextSeq) {
            return corrupt(start, "record sequence number " + seq + " where " + nextSeq + " was expected");
        }
        if (length < 0 || length > RecordingFormat.MAX_PAYLOAD_BYTES) {
            return corrupt(start, "invalid record length " + length);
        }
        long payloadAt = start + recordHeader.length;
        if (channel.size() - payloadAt < (long) length + RecordingFormat.HASH_BYTES) {
            return new Read.Incomplete(start);
        }
        byte[] payload = new byte[length];
        byte[] stored = new byte[RecordingFormat.HASH_BYTES];
        if (readAt(payloadAt, payload) < length || readAt(payloadAt + length, stored) < stored.length) {
            return new Read.Incomplete(start);
        }
        byte[] expected = RecordingFormat.chain(chain, recordHeader, payload);
        if (!MessageDigest.isEqual(expected, stored)) {
            return corrupt(start, "chain hash mismatch (the record or an earlier one was altered)");
        }
        chain = expected;
        position = payloadAt + length + RecordingFormat.HASH_BYTES;
        if (kind == RecordingFormat.KIND_CHUNK) {
            nextSeq++;
        } else {
            trailerRead = true;
        }
        return new Read.Record(kind, seq, start, payload);
    }

    /** The chain hash after the last record read (the header hash before any). */
    byte[] chain() {
        return chain.clone();
    }

    /** The offset just past the last complete record. */
    long position() {
        return position;
    }

    private Read.Corrupt corrupt(long offset, String reason) {
        corrupt = new Read.Corrupt(offset, reason);
        return corrupt;
    }

    private int readAt(long at, byte[] into) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        long pos = at;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        return buffer.position();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
