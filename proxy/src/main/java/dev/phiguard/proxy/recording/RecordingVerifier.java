package dev.phiguard.proxy.recording;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Objects;

/**
 * Checks a recording end to end: the header hash, every record's checksum, sequence number and chain hash, the
 * trailer's counts and final hash, and the Ed25519 signature with a given public key. Streams: one record in
 * memory at a time. Damage is reported as {@link RecordingStatus.Corrupt} naming the record, its first frame and
 * byte offset; a file that ends without its trailer (crash, or still open) as {@link RecordingStatus.Truncated}.
 * Encrypted recordings verify without the encryption key (the chain covers the ciphertext).
 */
public final class RecordingVerifier {

    private RecordingVerifier() {
    }

    /** @throws IOException only if the file cannot be opened or read */
    public static RecordingStatus verify(Path file, PublicKey publicKey) throws IOException {
        return verify(file, publicKey, null);
    }

    /**
     * @param decryptionKey if given, encrypted chunks are also decrypted and their frames checked and counted
     * @throws IOException only if the file cannot be opened or read
     */
    public static RecordingStatus verify(Path file, PublicKey publicKey, EncryptionKey decryptionKey)
            throws IOException {
        Objects.requireNonNull(publicKey, "publicKey");
        try (ChunkReader reader = ChunkReader.open(file)) {
            ChunkReader.Read first = reader.header();
            if (first instanceof ChunkReader.Read.Incomplete) {
                return new RecordingStatus.Truncated(null, 0, 0, 0);
            }
            if (first instanceof ChunkReader.Read.Corrupt c) {
                return new RecordingStatus.Corrupt(c.offset(), -1, -1, c.reason());
            }
            ChunkReader.Read.Header h = (ChunkReader.Read.Header) first;
            RecordingHeader header = h.header();
            boolean countFrames = !header.encrypted() || decryptionKey != null;
            ChunkCipher cipher = header.encrypted() && decryptionKey != null
                    ? ChunkCipher.forReading(decryptionKey, h.headerHash()) : null;
            long chunks = 0;
            long frames = 0;
            while (true) {
                byte[] chainBefore = reader.chain();
                ChunkReader.Read read = reader.next();
                if (read instanceof ChunkReader.Read.Incomplete) {
                    return new RecordingStatus.Truncated(header, chunks, countFrames ? frames : -1, reader.position());
                }
                if (read instanceof ChunkReader.Read.Corrupt c) {
                    return new RecordingStatus.Corrupt(c.offset(), chunks, countFrames ? frames : -1, c.reason());
                }
                if (read instanceof ChunkReader.Read.End) {
                    throw new IllegalStateException("end before a trailer");
                }
                ChunkReader.Read.Record record = (ChunkReader.Read.Record) read;
                if (record.kind() == RecordingFormat.KIND_CHUNK) {
                    if (countFrames) {
                        try {
                            byte[] plain = cipher == null ? record.payload() : cipher.decrypt(record.seq(), record.payload());
                            frames += FramePayload.parse(plain, frames).size();
                        } catch (RecordingException e) {
                            return new RecordingStatus.Corrupt(record.offset(), record.seq(), frames, e.getMessage());
                        }
                    }
                    chunks++;
                    continue;
                }
                RecordingStatus trailerStatus = checkTrailer(header, h.headerBlock(), record, chainBefore, chunks,
                        countFrames ? frames : -1, publicKey);
                if (!(trailerStatus instanceof RecordingStatus.Valid)) {
                    return trailerStatus;
                }
                ChunkReader.Read after = reader.next();
                if (after instanceof ChunkReader.Read.Corrupt c) {
                    return new RecordingStatus.Corrupt(c.offset(), chunks + 1, -1, c.reason());
                }
                return trailerStatus;
            }
        }
    }

    private static RecordingStatus checkTrailer(RecordingHeader header, byte[] headerBlock,
                                                ChunkReader.Read.Record record, byte[] chainBefore, long chunks,
                                                long frames, PublicKey publicKey) {
        long at = record.offset();
        Trailer trailer;
        try {
            trailer = Trailer.decode(record.payload());
        } catch (RecordingException e) {
            return new RecordingStatus.Corrupt(at, chunks, -1, e.getMessage());
        }
        if (trailer.chunks() != chunks) {
            return new RecordingStatus.Corrupt(at, chunks, -1, "the trailer counts " + trailer.chunks()
                    + " chunks, the file holds " + chunks);
        }
        if (frames >= 0 && trailer.frames() != frames) {
            return new RecordingStatus.Corrupt(at, chunks, -1, "the trailer counts " + trailer.frames()
                    + " frames, the file holds " + frames);
        }
        if (!MessageDigest.isEqual(trailer.finalHash(), chainBefore)) {
            return new RecordingStatus.Corrupt(at, chunks, -1, "the trailer's final hash is not the chain's");
        }
        String keyId = SigningKeys.keyId(publicKey);
        if (!keyId.equals(header.signingKeyId())) {
            return new RecordingStatus.Corrupt(at, chunks, -1, "signed by key " + header.signingKeyId()
                    + ", not by the given key " + keyId);
        }
        if (!SigningKeys.verify(publicKey, trailer.signedBytes(headerBlock), trailer.signature())) {
            return new RecordingStatus.Corrupt(at, chunks, -1, "the Ed25519 signature does not verify");
        }
        return new RecordingStatus.Valid(header, trailer);
    }
}
