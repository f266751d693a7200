package dev.phiguard.proxy.port;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a row plan saw of the rows it passed to the client, for the audit trail: how many values it masked and the
 * keyed hashes of the record keys the rows carried.
 *
 * @param valuesMasked      non-null cells whose bytes the plan replaced (by a masking rule, by suppression, or because
 *                          a value detector found something in them); unchanged cells and SQL NULLs do not count
 * @param recordKeys        per table (as the policy names it), the distinct {@link RecordKeyHashing} hashes of the
 *                          record keys in the rows; never a raw key
 * @param recordKeysOmitted key values that were not hashed because the plan already held its maximum of distinct
 *                          keys; more than zero means {@code recordKeys} is incomplete
 */
public record ResultDetails(long valuesMasked, Map<String, Set<String>> recordKeys, long recordKeysOmitted) {

    /** Nothing masked, no keys. */
    public static final ResultDetails NONE = new ResultDetails(0, Map.of(), 0);

    public ResultDetails {
        Objects.requireNonNull(recordKeys, "recordKeys");
        if (valuesMasked < 0 || recordKeysOmitted < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** Whether some record keys were not kept. */
    public boolean recordKeysTruncated() {
        return recordKeysOmitted > 0;
    }
}
