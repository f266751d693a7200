package dev.phiguard.broker.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The chain's hash function: SHA-256 over an unambiguous binary encoding of an event row. Every field is written
 * with its length first (strings as UTF-8), so no two different rows encode alike:
 *
 * <pre>
 *   hash   = SHA-256( "phiguard-audit-v1" | seq (8 bytes) | epoch microseconds (8 bytes) | type | payload
 *                     | prev_hash | record_keys_digest )
 *   record_keys_digest = SHA-256( "phiguard-audit-keys-v1" | count | (table | key_hash)* )   sorted by table, hash
 * </pre>
 *
 * The verifier recomputes both from what is stored; the writer computes them before inserting.
 */
final class ChainHash {

    private static final byte[] EVENT_DOMAIN = "phiguard-audit-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYS_DOMAIN = "phiguard-audit-keys-v1".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private ChainHash() {
    }

    static String event(long seq, Instant time, String type, String payload, String prevHash, String keysDigest) {
        Encoder encoder = new Encoder();
        encoder.bytes(EVENT_DOMAIN);
        encoder.number(seq);
        encoder.number(ChronoUnit.MICROS.between(Instant.EPOCH, time));
        encoder.text(type);
        encoder.text(payload);
        encoder.text(prevHash);
        encoder.text(keysDigest);
        return encoder.sha256();
    }

    /** The digest of an event's record-key rows; {@code keys} maps table to sorted hashes. */
    static String recordKeys(SortedMap<String, ? extends Set<String>> keys) {
        Encoder encoder = new Encoder();
        encoder.bytes(KEYS_DOMAIN);
        encoder.number(keys.values().stream().mapToLong(Set::size).sum());
        for (Map.Entry<String, ? extends Set<String>> table : keys.entrySet()) {
            for (String hash : table.getValue()) {
                encoder.text(table.getKey());
                encoder.text(hash);
            }
        }
        return encoder.sha256();
    }

    private static final class Encoder {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        private final DataOutputStream out = new DataOutputStream(buffer);

        void bytes(byte[] value) {
            try {
                out.writeInt(value.length);
                out.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a byte array stream does not fail
            }
        }

        void text(String value) {
            bytes(value.getBytes(StandardCharsets.UTF_8));
        }

        void number(long value) {
            try {
                out.writeLong(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String sha256() {
            try {
                return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(buffer.toByteArray()));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }
    }
}
