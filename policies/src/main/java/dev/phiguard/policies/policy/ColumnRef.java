package dev.phiguard.policies.policy;

import java.util.Objects;

/**
 * A column of a table, written {@code table.column} in policy files ({@code patients.mrn},
 * {@code lab.results.value}). The schema {@code public} is left out of {@link #table()}.
 *
 * @param table  the table, without schema {@code public}
 * @param column the column
 */
public record ColumnRef(String table, String column) {

    public ColumnRef {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        table = Names.normaliseTable(table);
    }

    /** {@code table.column}. */
    @Override
    public String toString() {
        return table + "." + column;
    }
}
