package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.Lineage;
import dev.phiguard.policies.sql.OutputColumn;
import dev.phiguard.policies.sql.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One FROM-clause item as column references see it: a table, a view, a sub-query, a common table
 * expression, a function or a VALUES list, with the name that qualifies its columns and the lineage
 * of each column.
 */
final class Relation {

    private final String alias;
    private final boolean explicitAlias;
    private final TableRef table;
    private final List<OutputColumn> columns;
    private final String unknownReason;
    private final Lineage wholeRow;

    private Relation(String alias, boolean explicitAlias, TableRef table, List<OutputColumn> columns, String unknownReason,
            Lineage wholeRow) {
        this.alias = alias;
        this.explicitAlias = explicitAlias;
        this.table = table;
        this.columns = columns == null ? null : List.copyOf(columns);
        this.unknownReason = unknownReason;
        this.wholeRow = Objects.requireNonNull(wholeRow, "wholeRow");
        if ((columns == null) == (unknownReason == null)) {
            throw new IllegalArgumentException("either columns or a reason they are unknown");
        }
    }

    /**
     * @param table the catalog relation
     * @param alias the alias, or {@code null} to use the relation's name
     * @param columns the columns, or {@code null} if unknown
     * @param unknownReason why the columns are unknown, or {@code null}
     * @param wholeRow lineage of the relation used as a value
     */
    static Relation catalog(TableRef table, String alias, List<OutputColumn> columns, String unknownReason, Lineage wholeRow) {
        return new Relation(alias == null ? table.name() : alias, alias != null, table, columns, unknownReason, wholeRow);
    }

    /**
     * @param alias the alias, may be {@code null} for an unaliased sub-query
     * @param columns the columns
     * @param wholeRow lineage of the relation used as a value
     */
    static Relation derived(String alias, List<OutputColumn> columns, Lineage wholeRow) {
        return new Relation(alias, alias != null, null, columns, null, wholeRow);
    }

    /**
     * @param alias the alias, may be {@code null}
     * @param reason why nothing is known about it
     */
    static Relation unknown(String alias, String reason) {
        return new Relation(alias, alias != null, null, null, reason, new Lineage.Unknown(reason));
    }

    String alias() {
        return alias;
    }

    /** @return the catalog relation behind this item, if it is a table or view */
    Optional<TableRef> table() {
        return Optional.ofNullable(table);
    }

    /** @return the columns, if known */
    Optional<List<OutputColumn>> columns() {
        return Optional.ofNullable(columns);
    }

    /** @return why the columns are unknown, if they are */
    Optional<String> unknownReason() {
        return Optional.ofNullable(unknownReason);
    }

    Lineage wholeRow() {
        return wholeRow;
    }

    /**
     * @param qualifier a column qualifier: {@code [alias]} or {@code [schema, table]}
     * @return whether the qualifier names this relation
     */
    boolean isNamedBy(List<String> qualifier) {
        if (qualifier.size() == 1) {
            return qualifier.get(0).equals(alias);
        }
        return qualifier.size() == 2 && !explicitAlias && table != null
                && table.equals(new TableRef(qualifier.get(0), qualifier.get(1)));
    }

    /**
     * @param name a column name
     * @return the column with that name
     */
    Lookup column(String name) {
        if (columns == null) {
            return new Lookup.Uncertain(unknownReason);
        }
        Lineage found = null;
        for (OutputColumn column : columns) {
            if (column.name().equals(name)) {
                if (found != null) {
                    return new Lookup.Ambiguous();
                }
                found = column.lineage();
            }
        }
        return found == null ? new Lookup.Absent() : new Lookup.Found(found);
    }

    /**
     * Renames the first columns, as an alias column list does ({@code FROM t AS x(a, b)}).
     *
     * @param names the new names, in order
     * @return the renamed relation
     */
    Relation renamed(List<String> names) {
        if (names.isEmpty() || columns == null) {
            return this;
        }
        if (names.size() > columns.size()) {
            String reason = "\"" + alias + "\" has " + columns.size() + " columns but " + names.size() + " are named";
            return new Relation(alias, explicitAlias, table, null, reason, new Lineage.Unknown(reason));
        }
        List<OutputColumn> renamed = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            renamed.add(i < names.size() ? new OutputColumn(names.get(i), columns.get(i).lineage()) : columns.get(i));
        }
        return new Relation(alias, explicitAlias, table, renamed, null, wholeRow);
    }
}
