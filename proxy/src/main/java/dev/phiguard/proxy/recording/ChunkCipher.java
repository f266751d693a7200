package dev.phiguard.proxy.recording;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM of one chunk payload. The stored payload is {@code nonce (12) || ciphertext || tag (16)}; the nonce is
 * an 8-byte random prefix chosen per file followed by the chunk's 32-bit sequence number, so no nonce repeats
 * within a file and prefixes of different files collide with negligible probability. The additional data binds a
 * chunk to its file and position: {@code header hash || Int64 sequence number}.
 */
final class ChunkCipher {

    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    static final int OVERHEAD = NONCE_BYTES + TAG_BITS / 8;

    private final EncryptionKey key;
    private final byte[] noncePrefix;
    private final byte[] headerHash;

    private ChunkCipher(EncryptionKey key, byte[] noncePrefix, byte[] headerHash) {
        this.key = key;
        this.noncePrefix = noncePrefix;
        this.headerHash = headerHash.clone();
    }

    static ChunkCipher forWriting(EncryptionKey key, byte[] headerHash, SecureRandom random) {
        byte[] prefix = new byte[8];
        random.nextBytes(prefix);
        return new ChunkCipher(key, prefix, headerHash);
    }

    static ChunkCipher forReading(EncryptionKey key, byte[] headerHash) {
        return new ChunkCipher(key, new byte[8], headerHash);
    }

    byte[] encrypt(long seq, byte[] plaintext) {
        if (seq > 0xFFFF_FFFFL) {
            throw new IllegalStateException("more than 2^32 chunks in one recording");
        }
        byte[] nonce = ByteBuffer.allocate(NONCE_BYTES).put(noncePrefix).putInt((int) seq).array();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(seq));
            byte[] out = new byte[NONCE_BYTES + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws RecordingException if the key is wrong or the chunk was altered (GCM cannot tell which) */
    byte[] decrypt(long seq, byte[] payload) throws RecordingException {
        if (payload.length < OVERHEAD) {
            throw new RecordingException("encrypted chunk " + seq + " is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, payload, 0, NONCE_BYTES));
            cipher.updateAAD(aad(seq));
            return cipher.doFinal(payload, NONCE_BYTES, payload.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new RecordingException("chunk " + seq + " cannot be decrypted: wrong encryption key or altered chunk");
        } catch (GeneralSecurityException e) {
            throw new RecordingException("chunk " + seq + " cannot be decrypted", e);
        }
    }

    private byte[] aad(long seq) {
        return ByteBuffer.allocate(headerHash.length + 8).put(headerHash).putLong(seq).array();
    }
}
