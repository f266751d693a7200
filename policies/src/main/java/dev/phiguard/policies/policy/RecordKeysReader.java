package dev.phiguard.policies.policy;

import java.util.List;
import java.util.Optional;

/** Reads {@code record_keys}: the {@code table.column}s whose keyed hashes the audit trail keeps. */
final class RecordKeysReader {

    private final Values values;

    RecordKeysReader(Values values) {
        this.values = values;
    }

    Optional<List<ColumnRef>> read(YamlNode node, String path, DeclaredTables tables) {
        return values.list(node, path, true, (item, itemPath) -> columnRef(item, itemPath).flatMap(ref -> {
            int before = values.problems().count();
            if (tables.checkTable(values.problems(), item.position(), ref.table(), "record key '" + ref + "'")) {
                tables.checkColumn(values.problems(), item.position(), ref.table(), ref.column(),
                        "record key '" + ref + "'");
            }
            return values.problems().count() > before ? Optional.empty() : Optional.of(ref);
        }));
    }

    private Optional<ColumnRef> columnRef(YamlNode node, String path) {
        return values.string(node, path).flatMap(text -> {
            int dot = text.lastIndexOf('.');
            String table = dot < 0 ? "" : text.substring(0, dot);
            String column = text.substring(dot + 1);
            if (dot < 0 || !Names.TABLE.matcher(table).matches() || !Names.IDENTIFIER.matcher(column).matches()) {
                return values.fail(node, "'" + path + "' must be table.column in lower case, like patients.mrn, got '"
                        + text + "'");
            }
            return Optional.of(new ColumnRef(table, column));
        });
    }
}
