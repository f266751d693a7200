package dev.phiguard.policies.sql;

import java.util.List;
import java.util.Objects;

/**
 * The columns of one relation, in the order {@code SELECT *} returns them.
 *
 * @param table the schema-qualified relation
 * @param columns the column names, in order (without dropped columns)
 */
public record TableShape(TableRef table, List<String> columns) {

    /** Validates and copies. */
    public TableShape {
        Objects.requireNonNull(table, "table");
        if (!table.isQualified()) {
            throw new IllegalArgumentException("a table shape needs a schema-qualified name: " + table);
        }
        columns = List.copyOf(columns);
        if (columns.stream().distinct().count() != columns.size()) {
            throw new IllegalArgumentException("duplicate column names in " + table + ": " + columns);
        }
    }

    /**
     * @param column a column name
     * @return whether the relation has it
     */
    public boolean hasColumn(String column) {
        return columns.contains(column);
    }
}
