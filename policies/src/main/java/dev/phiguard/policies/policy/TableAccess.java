package dev.phiguard.policies.policy;

import java.util.Objects;
import java.util.Set;

/**
 * The columns of one table a policy allows.
 *
 * @param table      the table name, with schema {@code public} left out ({@code patients}, {@code lab.results})
 * @param allColumns whether every column is allowed ({@code "*"} in the policy)
 * @param columns    the allowed columns when {@code allColumns} is false; empty when it is true
 */
public record TableAccess(String table, boolean allColumns, Set<String> columns) {

    public TableAccess {
        Objects.requireNonNull(table, "table");
        columns = Set.copyOf(columns);
        if (allColumns == !columns.isEmpty()) {
            throw new IllegalArgumentException("either all columns or a non-empty list of columns");
        }
    }

    /** Every column of {@code table}. */
    public static TableAccess allColumns(String table) {
        return new TableAccess(table, true, Set.of());
    }

    /** Only the given columns of {@code table}. */
    public static TableAccess only(String table, Set<String> columns) {
        return new TableAccess(table, false, columns);
    }

    /** Whether the column may be read. */
    public boolean allows(String column) {
        return allColumns || columns.contains(column);
    }
}
