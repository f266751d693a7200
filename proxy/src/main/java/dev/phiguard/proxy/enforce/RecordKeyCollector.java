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
 */
final class RecordKeyCollector {
    private final RecordKeyHashing hashing;
    private final int maxKeys;
    private final Map<String, Set<String>> keys = new HashMap<>();
    private int kept;
    private long omitted;

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
        String hash = hashing.hash(table, rawValue.toString(rawValue.readerIndex(), rawValue.readableBytes(),
                StandardCharsets.UTF_8));
        if (keys.computeIfAbsent(table, t -> new HashSet<>()).add(hash)) {
            kept++;
        }
    }

    /** The hashes kept so far, per table (a copy). */
    Map<String, Set<String>> keys() {
        Map<String, Set<String>> copy = new HashMap<>();
        keys.forEach((table, hashes) -> copy.put(table, Set.copyOf(hashes)));
        return Map.copyOf(copy);
    }

    /** Key values not hashed because {@code maxKeys} distinct hashes were already kept. */
    long omitted() {
        return omitted;
    }
}
