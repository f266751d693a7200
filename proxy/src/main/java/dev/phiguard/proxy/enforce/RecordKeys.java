package dev.phiguard.proxy.enforce;

import dev.phiguard.policies.decision.ColumnTreatment;
import dev.phiguard.policies.masking.PgTypes;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.ColumnRef;
import dev.phiguard.proxy.port.RecordKeyHashing;
import dev.phiguard.proxy.wire.RowDescription;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A policy's record keys as the row plans see them: which result column holds a record key, and how its values are
 * hashed. A column holds a record key only when it <em>is</em> the key column, value for value: the policy's plan
 * for it is {@link ColumnTreatment.Masked} with the key column as its source (the analyser's lineage is direct; a
 * cast, function or expression of the column makes it derived, and derived columns are suppressed, never keys). The
 * raw value is read in text form: in binary format only text-like columns qualify (their binary form is their text).
 *
 * <p>Limitation: the policy's plan names the source only of masked columns, so a record key column the policy
 * leaves in clear is not recognised; record keys should be masked (tokenized) columns.
 */
final class RecordKeys {

    /** No record keys: nothing is hashed. */
    static final RecordKeys NONE = new RecordKeys(Map.of(), RecordKeyHashing.NONE, 0);

    /** The default largest number of distinct record keys kept per statement. */
    static final int DEFAULT_MAX_PER_STATEMENT = 100_000;

    /** Key column as the policy names it ({@code patients.mrn}) → its table ({@code patients}). */
    private final Map<String, String> tableByColumn;
    private final RecordKeyHashing hashing;
    private final int maxPerStatement;

    private RecordKeys(Map<String, String> tableByColumn, RecordKeyHashing hashing, int maxPerStatement) {
        this.tableByColumn = Map.copyOf(tableByColumn);
        this.hashing = Objects.requireNonNull(hashing, "hashing");
        this.maxPerStatement = maxPerStatement;
    }

    /** The record keys of a policy; {@link #NONE} when it has none or no hasher is configured. */
    static RecordKeys of(Policy policy, RecordKeyHashing hashing, int maxPerStatement) {
        if (hashing == RecordKeyHashing.NONE || policy.recordKeys().isEmpty()) {
            return NONE;
        }
        Map<String, String> tables = new HashMap<>();
        for (ColumnRef key : policy.recordKeys()) {
            tables.put(key.toString(), key.table());
        }
        return new RecordKeys(tables, hashing, maxPerStatement);
    }

    /** The table whose record key this result column holds, or null. */
    String tableOf(ColumnTreatment treatment, RowDescription.Field field, boolean binary) {
        if (!(treatment instanceof ColumnTreatment.Masked masked)) {
            return null;
        }
        if (binary && !PgTypes.isTextLike(field.typeOid())) {
            return null;
        }
        return tableByColumn.get(masked.source());
    }

    /** A fresh collector for one result. */
    RecordKeyCollector collector() {
        return new RecordKeyCollector(hashing, maxPerStatement);
    }
}
