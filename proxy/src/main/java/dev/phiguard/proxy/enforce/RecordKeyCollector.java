package dev.phiguard.proxy.enforce;

import dev.phiguard.proxy.port.RecordKeyHashing;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Collects the keyed hashes of the record keys of one result: the raw value of each record-key cell is hashed as it
 * passes (before masking) and only the hash is kept. At most {@code maxKeys} distinct hashes are kept per result, so
 * that a million-row extract does not buffer a million hashes; values beyond that are counted, not hashed. Used on
 * one session's event loop only.
 *
 * <p>Hashes in the documented form (64 lower-case hex characters) are kept compactly, 32 bytes each
 * ({@link KeyHashSet}); a hasher that returns anything else still has its hashes reported exactly, kept as Strings.
 * ASCII values go through the hasher's binary form when it has one ({@link RecordKeyHashing#hashInto}): the same
 * hashes without a String per key.
 */
final class RecordKeyCollector {
    /** The longest value hashed through the binary form. */
    private static final int MAX_BINARY_LENGTH = 1024;

    private final RecordKeyHashing hashing;
    private final int maxKeys;
    private final Map<String, KeyHashSet> keys = new HashMap<>(4);
    /** Hashes not in the hex form, per table; null until there is one. */
    private Map<String, Set<String>> otherKeys;
    /** The table of the last key added and its set: results rarely hold the keys of more than one table. */
    private String lastTable;
    private KeyHashSet lastSet;
    private int kept;
    private long omitted;
    /** Whether the hasher may have a binary form ({@link RecordKeyHashing#hashInto}); false once it said no. */
    private boolean binary = true;
    /** The raw value of the key being hashed, and its hash (binary form). */
    private byte[] raw = new byte[64];
    private final byte[] digest = new byte[32];

    RecordKeyCollector(RecordKeyHashing hashing, int maxKeys) {
        if (maxKeys < 0) {
            throw new IllegalArgumentException("maxKeys must not be negative");
        }
        this.hashing = hashing;
        this.maxKeys = maxKeys;
    }

    /** One record key cell's raw value (text format, readable region), not modified. */
    void add(String table, ByteBuf rawValue) {
        if (kept >= maxKeys) {
            omitted++;
            return;
        }
        if (binary && addBinary(table, rawValue)) {
            return;
        }
        String hash = hashing.hash(table, rawValue.toString(rawValue.readerIndex(), rawValue.readableBytes(),
                StandardCharsets.UTF_8));
        boolean added;
        if (KeyHashSet.isHex(hash)) {
            added = setOf(table).addHex(hash);
        } else {
            if (otherKeys == null) {
                otherKeys = new HashMap<>(4);
            }
            added = otherKeys.computeIfAbsent(table, t -> new HashSet<>()).add(hash);
        }
        if (added) {
            kept++;
        }
    }

    /**
     * Hashes an ASCII value through {@link RecordKeyHashing#hashInto}, without Strings; returns false (nothing done)
     * for other values, or when the hasher has no binary form (then it is not asked again).
     */
    private boolean addBinary(String table, ByteBuf rawValue) {
        int length = rawValue.readableBytes();
        if (length > MAX_BINARY_LENGTH) {
            return false; // record keys are short: a long value is not worth a scratch buffer kept for the result
        }
        if (raw.length < length) {
            raw = new byte[Math.max(length, raw.length * 2)];
        }
        rawValue.getBytes(rawValue.readerIndex(), raw, 0, length);
        for (int i = 0; i < length; i++) {
            if (raw[i] < 0) {
                return false; // not ASCII: the String form decodes it as the hasher's contract has it
            }
        }
        if (!hashing.hashInto(table, raw, 0, length, digest)) {
            binary = false;
            return false;
        }
        if (setOf(table).addBytes(digest)) {
            kept++;
        }
        return true;
    }

    private KeyHashSet setOf(String table) {
        if (table != lastTable) {
            lastTable = table;
            lastSet = keys.computeIfAbsent(table, t -> new KeyHashSet());
        }
        if (lastSet.isFrozen()) {
            // handed out with an outcome already: go on with a copy, the outcome's set stays as it was
            lastSet = lastSet.mutable();
            keys.put(table, lastSet);
        }
        return lastSet;
    }

    /** The hashes kept so far, per table: a snapshot that later keys do not change. */
    Map<String, Set<String>> keys() {
        Map<String, Set<String>> snapshot = new HashMap<>();
        keys.forEach((table, hashes) -> {
            if (!hashes.isEmpty()) {
                snapshot.put(table, hashes.freeze());
            }
        });
        if (otherKeys != null) {
            otherKeys.forEach((table, hashes) -> {
                Set<String> all = new HashSet<>(hashes);
                all.addAll(snapshot.getOrDefault(table, Set.of()));
                snapshot.put(table, Set.copyOf(all));
            });
        }
        return Map.copyOf(snapshot);
    }

    /** Key values not hashed because {@code maxKeys} distinct hashes were already kept. */
    long omitted() {
        return omitted;
    }
}
