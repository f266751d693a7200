package dev.phiguard.policies.policy;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A query-level approval rule: a statement that matches is held until a reviewer from the policy's
 * {@code approval.from_groups} approves it. Written as a list item {@code {when: KIND, ...}}.
 *
 * <p>Every rule may name {@link #tables()}; an empty set means "any table the policy allows".
 */
public sealed interface HoldRule {

    /** Every value {@code when} may take, in documentation order. */
    List<String> KINDS = List.of("no_where", "estimated_rows_above", "any_write");

    /** The tables the rule applies to; empty means any table. Names as in {@code access.tables}. */
    Set<String> tables();

    /** The value of {@code when} in policy files. */
    String kind();

    /** Whether the rule concerns a statement touching {@code table} (schema {@code public} may be omitted). */
    default boolean appliesTo(String table) {
        return tables().isEmpty() || tables().contains(Names.normaliseTable(table));
    }

    /**
     * Hold a statement that reads or changes one of the tables without a {@code WHERE} clause.
     *
     * @param tables             the tables (empty: any)
     * @param estimatedRowsAbove if present, hold only when the planner's row estimate is above this number
     */
    record NoWhere(Set<String> tables, OptionalLong estimatedRowsAbove) implements HoldRule {
        public NoWhere {
            tables = Set.copyOf(tables);
            Objects.requireNonNull(estimatedRowsAbove, "estimatedRowsAbove");
            if (estimatedRowsAbove.isPresent() && estimatedRowsAbove.getAsLong() < 0) {
                throw new IllegalArgumentException("estimatedRowsAbove must not be negative");
            }
        }

        @Override
        public String kind() {
            return "no_where";
        }
    }

    /**
     * Hold a statement whose planner row estimate is above {@code rows}.
     *
     * @param tables the tables (empty: any)
     * @param rows   the threshold, 0 or more
     */
    record EstimatedRowsAbove(Set<String> tables, long rows) implements HoldRule {
        public EstimatedRowsAbove {
            tables = Set.copyOf(tables);
            if (rows < 0) {
                throw new IllegalArgumentException("rows must not be negative");
            }
        }

        @Override
        public String kind() {
            return "estimated_rows_above";
        }
    }

    /**
     * Hold every statement that changes data ({@link StatementKind#isWrite()}).
     *
     * @param tables the tables (empty: any)
     */
    record AnyWrite(Set<String> tables) implements HoldRule {
        public AnyWrite {
            tables = Set.copyOf(tables);
        }

        @Override
        public String kind() {
            return "any_write";
        }
    }
}
