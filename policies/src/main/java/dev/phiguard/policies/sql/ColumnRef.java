package dev.phiguard.policies.sql;

import java.util.Comparator;
import java.util.Objects;

/**
 * A column of a base relation: always the table the value is stored in, resolved through aliases,
 * sub-queries, common table expressions, set operations and views whose definition the catalog knows.
 *
 * @param table the relation holding the column
 * @param column the column name (unquoted identifiers folded to lower case)
 */
public record ColumnRef(TableRef table, String column) implements Comparable<ColumnRef> {

    private static final Comparator<ColumnRef> ORDER = Comparator
            .comparing(ColumnRef::table)
            .thenComparing(ColumnRef::column);

    /** Validates the names. */
    public ColumnRef {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        if (column.isEmpty()) {
            throw new IllegalArgumentException("a column name cannot be empty");
        }
    }

    /**
     * Parses {@code schema.table.column} or {@code table.column}, split at the last dot; names are
     * taken literally. Meant for configuration and tests.
     *
     * @param qualifiedName the dotted name
     * @return the reference
     */
    public static ColumnRef parse(String qualifiedName) {
        int dot = qualifiedName.lastIndexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("expected table.column or schema.table.column: " + qualifiedName);
        }
        return new ColumnRef(TableRef.parse(qualifiedName.substring(0, dot)), qualifiedName.substring(dot + 1));
    }

    @Override
    public int compareTo(ColumnRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return table.qualifiedName() + "." + column;
    }
}
