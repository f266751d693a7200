package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.ColumnRef;
import dev.phiguard.policies.sql.Lineage;
import dev.phiguard.policies.sql.TableRef;
import dev.phiguard.policies.sql.TableShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Accumulates what flows into one computed value (an expression that is not a bare column) and
 * turns it into a {@link Lineage}: unknown if anything is unknown, constant if nothing from the
 * database flows in, a whole row if a single table's row is all that flows in, derived otherwise.
 */
final class LineageBuilder {

    private final Set<ColumnRef> sources = new TreeSet<>();
    private final Set<String> functions = new TreeSet<>();
    private final Set<TableRef> wholeRows = new TreeSet<>();
    private final List<String> unknown = new ArrayList<>();
    private boolean fromDatabase;

    /** Adds what flows in through a value of this lineage. */
    void add(Lineage lineage) {
        if (lineage instanceof Lineage.Direct direct) {
            sources.add(direct.source());
            fromDatabase = true;
        } else if (lineage instanceof Lineage.Derived derived) {
            sources.addAll(derived.sources());
            functions.addAll(derived.functions());
            fromDatabase = true;
        } else if (lineage instanceof Lineage.WholeRow row) {
            wholeRows.add(row.table());
            fromDatabase = true;
        } else if (lineage instanceof Lineage.Unknown u) {
            unknown.add(u.reason());
        }
    }

    /** Adds columns that influence the value (for example the filter of an EXISTS sub-query). */
    void addSources(Set<ColumnRef> columns) {
        sources.addAll(columns);
        fromDatabase = true;
    }

    void function(String name) {
        functions.add(name);
    }

    /** Marks the value as depending on the database even if no column flows in (EXISTS, count(*)). */
    void fromDatabase() {
        fromDatabase = true;
    }

    void unknown(String reason) {
        unknown.add(reason);
    }

    /**
     * @param shapes the catalog, to expand whole rows mixed with other values; {@code null} to leave
     *     such mixtures unknown
     * @return the lineage of the value
     */
    Lineage build(Function<TableRef, Optional<TableShape>> shapes) {
        if (!unknown.isEmpty()) {
            return new Lineage.Unknown(unknown.size() == 1 ? unknown.get(0)
                    : unknown.get(0) + " (and " + (unknown.size() - 1) + " more)");
        }
        if (sources.isEmpty() && wholeRows.isEmpty() && functions.isEmpty() && !fromDatabase) {
            return Lineage.constant();
        }
        if (sources.isEmpty() && wholeRows.size() == 1) {
            return new Lineage.WholeRow(wholeRows.iterator().next());
        }
        Set<ColumnRef> all = new TreeSet<>(sources);
        for (TableRef table : wholeRows) {
            Optional<TableShape> shape = shapes == null ? Optional.empty() : shapes.apply(table);
            if (shape.isEmpty()) {
                return new Lineage.Unknown("a whole row of " + table + " is mixed with other values and its columns are unknown");
            }
            shape.get().columns().forEach(column -> all.add(new ColumnRef(table, column)));
        }
        return new Lineage.Derived(all, functions);
    }

    /**
     * The lineage of a column fed by several alternatives (set operation branches, a recursive
     * common table expression's iterations, a FULL JOIN's USING column): unchanged if every
     * alternative is the same, their combination otherwise.
     *
     * @param alternatives the lineages of the alternatives
     * @param shapes the catalog, or {@code null}
     * @return the combined lineage
     */
    static Lineage union(List<Lineage> alternatives, Function<TableRef, Optional<TableShape>> shapes) {
        if (alternatives.stream().distinct().count() == 1) {
            return alternatives.get(0);
        }
        LineageBuilder builder = new LineageBuilder();
        alternatives.forEach(builder::add);
        return builder.build(shapes);
    }
}
