package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.Lineage;
import dev.phiguard.policies.sql.OutputColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A top-level item of a FROM clause: a single relation, or a join tree whose USING and NATURAL
 * columns are merged the way PostgreSQL merges them (once, first, then each side's other columns).
 */
sealed interface FromNode permits FromNode.Single, FromNode.Joined {

    /** @return the columns {@code SELECT *} returns for this item, in order */
    List<OutputColumn> columns();

    /** @return why some of this item's columns are unknown, if they are */
    Optional<String> uncertainty();

    /**
     * @param name a column name
     * @return how an unqualified reference to the name resolves within this item
     */
    default Lookup lookup(String name) {
        Lineage found = null;
        for (OutputColumn column : columns()) {
            if (column.name().equals(name)) {
                if (found != null) {
                    return new Lookup.Ambiguous();
                }
                found = column.lineage();
            }
        }
        if (uncertainty().isPresent()) {
            return new Lookup.Uncertain(uncertainty().get());
        }
        return found == null ? new Lookup.Absent() : new Lookup.Found(found);
    }

    /** One relation. */
    record Single(Relation relation) implements FromNode {
        @Override
        public List<OutputColumn> columns() {
            return relation.columns().orElse(List.of());
        }

        @Override
        public Optional<String> uncertainty() {
            return relation.unknownReason();
        }
    }

    /**
     * Two items joined.
     *
     * @param left the left item
     * @param right the right item
     * @param merged the USING or NATURAL column names, merged into one column each
     * @param side which side a merged column's value comes from
     * @param columns the resulting columns
     * @param uncertainty why some columns are unknown, if they are
     */
    record Joined(FromNode left, FromNode right, List<String> merged, Side side, List<OutputColumn> columns,
            Optional<String> uncertainty) implements FromNode {

        /** Which input a merged column takes its value from. */
        enum Side { LEFT, RIGHT, BOTH }

        static Joined of(FromNode left, FromNode right, List<String> merged, Side side) {
            Optional<String> uncertainty = left.uncertainty().or(right::uncertainty);
            List<OutputColumn> columns = new ArrayList<>();
            for (String name : merged) {
                Lineage lineage = switch (side) {
                    case LEFT -> valueOf(left, name);
                    case RIGHT -> valueOf(right, name);
                    case BOTH -> LineageBuilder.union(List.of(valueOf(left, name), valueOf(right, name)), null);
                };
                columns.add(new OutputColumn(name, lineage));
            }
            for (OutputColumn column : left.columns()) {
                if (!merged.contains(column.name())) {
                    columns.add(column);
                }
            }
            for (OutputColumn column : right.columns()) {
                if (!merged.contains(column.name())) {
                    columns.add(column);
                }
            }
            return new Joined(left, right, List.copyOf(merged), side, List.copyOf(columns), uncertainty);
        }

        private static Lineage valueOf(FromNode node, String name) {
            Lookup lookup = node.lookup(name);
            if (lookup instanceof Lookup.Found found) {
                return found.lineage();
            }
            if (lookup instanceof Lookup.Uncertain uncertain) {
                return new Lineage.Unknown(uncertain.reason());
            }
            return new Lineage.Unknown(lookup instanceof Lookup.Ambiguous
                    ? "join column \"" + name + "\" is ambiguous"
                    : "join column \"" + name + "\" does not exist");
        }
    }
}
