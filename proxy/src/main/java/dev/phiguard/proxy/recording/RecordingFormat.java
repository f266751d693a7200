package dev.phiguard.proxy.recording;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;

/**
 * The constants and small primitives of the recording file format (see {@code docs/recording-format.md}): the
 * magic, the record layout, the CRC that guards every length field and the SHA-256 chain.
 */
final class RecordingFormat {

    /** The first eight bytes of every recording. */
    static final byte[] MAGIC = "PHIGREC1".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** Magic, Int32 header length, Int32 CRC-32C of both. */
    static final int PREFIX_BYTES = MAGIC.length + 4 + 4;
    static final int HASH_BYTES = 32;
    static final int MAX_HEADER_BYTES = 64 * 1024;
    /** Kind, Int64 sequence number, Int32 payload length, Int32 CRC-32C of those 13 bytes. */
    static final int RECORD_HEADER_BYTES = 1 + 8 + 4 + 4;
    /** A PostgreSQL message is at most 1 GiB; a chunk holds at most one message past the flush threshold. */
    static final int MAX_PAYLOAD_BYTES = (1 << 30) + (1 << 20);
    static final byte KIND_CHUNK = 'C';
    static final byte KIND_TRAILER = 'T';
    /** Direction, Int64 nanoseconds since open, Int32 message length. */
    static final int FRAME_HEADER_BYTES = 1 + 8 + 4;

    private RecordingFormat() {
    }

    static int crc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The chain: {@code SHA-256(previous || record header || payload)}. */
    static byte[] chain(byte[] previous, byte[] recordHeader, byte[] payload) {
        return chain(sha256(), previous, recordHeader, payload);
    }

    /** {@link #chain(byte[], byte[], byte[])} with a digest the caller reuses (it is reset afterwards). */
    static byte[] chain(MessageDigest digest, byte[] previous, byte[] recordHeader, byte[] payload) {
        digest.update(previous);
        digest.update(recordHeader);
        digest.update(payload);
        return digest.digest();
    }

    /** The 17-byte record header with its CRC. */
    static byte[] recordHeader(byte kind, long seq, int payloadLength) {
        ByteBuffer b = ByteBuffer.allocate(RECORD_HEADER_BYTES);
        b.put(kind).putLong(seq).putInt(payloadLength);
        b.putInt(crc32c(b.array(), 0, RECORD_HEADER_BYTES - 4));
        return b.array();
    }

    static void putString(ByteBuffer out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("string field longer than 65535 bytes");
        }
        out.putShort((short) bytes.length).put(bytes);
    }

    static int stringBytes(String value) {
        return 2 + value.getBytes(StandardCharsets.UTF_8).length;
    }

    /** @throws java.nio.BufferUnderflowException if the buffer ends inside the string */
    static String getString(ByteBuffer in) {
        int n = Short.toUnsignedInt(in.getShort());
        byte[] bytes = new byte[n];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
