package dev.phiguard.policies.sql;

import java.util.Objects;

/**
 * One column of the rows a statement returns to the client, in the order the client receives them.
 *
 * @param name the column name as PostgreSQL reports it in RowDescription (alias, column name, function
 *     name, or {@code ?column?}); {@code *} for an expansion the analyser could not perform
 * @param lineage where the values come from
 */
public record OutputColumn(String name, Lineage lineage) {

    /** Validates. */
    public OutputColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lineage, "lineage");
    }

    @Override
    public String toString() {
        return name + "=" + lineage;
    }
}
