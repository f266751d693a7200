package dev.phiguard.policies.sql;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where the values of one output column come from.
 *
 * <ul>
 *   <li>{@link Direct}: the value is exactly a stored value of one column, possibly renamed through
 *       aliases, sub-queries, common table expressions or views. Nothing is applied to it: a cast,
 *       a function, an operator or a subscript makes it {@link Derived}.</li>
 *   <li>{@link Derived}: the value is computed from these columns (expressions, functions, casts,
 *       concatenation, CASE conditions and branches, aggregates, window functions with their
 *       partition and order keys, set operations that mix different columns).</li>
 *   <li>{@link WholeRow}: the value serialises a whole row of a base table (a table alias used as a
 *       value, {@code t.*} inside an expression, {@code row_to_json(t)}, {@code ROW(t.*)}).</li>
 *   <li>{@link Constant}: no value read from the database flows into it (literals, parameters,
 *       casts and operators over them).</li>
 *   <li>{@link Unknown}: the analyser could not tell; a policy must mask the whole column or deny.</li>
 * </ul>
 *
 * <p>Lineage tracks the values computed into the output. Row filtering (WHERE, JOIN conditions,
 * HAVING, LIMIT) is reported in {@link StatementFacts#referenced()} instead. A function is treated as
 * computing its result from its arguments only; what a function reads by itself (for example
 * {@code dblink}) is not visible here, which is why every function called is listed in
 * {@link StatementFacts#functions()} for the policy's allow-list.
 */
public sealed interface Lineage permits Lineage.Direct, Lineage.Derived, Lineage.WholeRow, Lineage.Constant, Lineage.Unknown {

    /** @return a constant lineage */
    static Lineage constant() {
        return new Constant();
    }

    /**
     * The value is a stored value of one column, unchanged.
     *
     * @param source the base column
     */
    record Direct(ColumnRef source) implements Lineage {
        /** Validates. */
        public Direct {
            Objects.requireNonNull(source, "source");
        }

        @Override
        public String toString() {
            return "direct(" + source + ")";
        }
    }

    /**
     * The value is computed from these columns with these functions.
     *
     * @param sources base columns that flow into the value (may be empty, e.g. {@code count(*)})
     * @param functions functions applied, lower-cased, schema-qualified when written qualified
     */
    record Derived(Set<ColumnRef> sources, Set<String> functions) implements Lineage {
        /** Copies the sets into sorted, unmodifiable ones. */
        public Derived {
            sources = frozen(sources);
            functions = frozen(functions);
        }

        @Override
        public String toString() {
            return "derived(" + sources.stream().map(ColumnRef::toString).collect(Collectors.joining(", "))
                    + " | " + String.join(", ", functions) + ")";
        }
    }

    /**
     * The value contains a whole row of a base table (every column, including columns added later).
     *
     * @param table the base table
     */
    record WholeRow(TableRef table) implements Lineage {
        /** Validates. */
        public WholeRow {
            Objects.requireNonNull(table, "table");
        }

        @Override
        public String toString() {
            return "wholerow(" + table + ")";
        }
    }

    /** No value read from the database flows into the column. */
    record Constant() implements Lineage {
        @Override
        public String toString() {
            return "constant";
        }
    }

    /**
     * The analyser cannot tell where the value comes from.
     *
     * @param reason why, for error messages and audit (never contains literal values)
     */
    record Unknown(String reason) implements Lineage {
        /** Validates. */
        public Unknown {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return "unknown(" + reason + ")";
        }
    }

    private static <T extends Comparable<? super T>> SortedSet<T> frozen(Set<T> values) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(values));
    }
}
