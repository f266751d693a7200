package dev.phiguard.policies.decision;

import dev.phiguard.policies.detect.DetectorSettings;
import dev.phiguard.policies.masking.Masking;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.sql.ColumnRef;
import dev.phiguard.policies.sql.Lineage;
import dev.phiguard.policies.sql.OutputColumn;
import dev.phiguard.policies.sql.TableRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Turns the lineage of output columns into column treatments under one policy. Immutable and thread-safe.
 *
 * <ul>
 *   <li>{@link Lineage.Direct} of a masked column: {@link ColumnTreatment.Masked} with its rule; of any other
 *       column: {@link ColumnTreatment.Clear}.</li>
 *   <li>{@link Lineage.Derived}: {@link ColumnTreatment.Suppressed} when any source is masked, else Clear. There is
 *       no exception for {@code count(masked)}: Derived lineage lists sources and functions separately, so
 *       {@code ssn || count(*)} and {@code count(ssn)} have the same lineage and cannot be told apart.</li>
 *   <li>{@link Lineage.WholeRow}: Suppressed when the table has a masked column (the engine denies such statements
 *       anyway), else Clear.</li>
 *   <li>{@link Lineage.Constant}: Clear. {@link Lineage.Unknown}: Suppressed.</li>
 * </ul>
 *
 * A column that comes from a relation the engine never allows, or from an unqualified relation, is Suppressed too,
 * so that a plan is safe even for a statement the engine denied.
 */
final class PlanBuilder {

    private final Map<String, Masking> masked = new HashMap<>();
    private final Set<String> maskedTables = new HashSet<>();
    private final DetectorSettings detectors;
    private final OptionalInt dateShiftMaxDays;

    PlanBuilder(Policy policy) {
        policy.masking().forEach((column, rule) -> {
            masked.put(column.toString(), PolicyMapping.masking(rule));
            maskedTables.add(column.table());
        });
        this.detectors = PolicyMapping.detectors(policy.detectors());
        this.dateShiftMaxDays = policy.dateShiftMaxDays();
    }

    /** The plan of rows with these columns. */
    ResultPlan plan(List<OutputColumn> outputs) {
        List<ColumnTreatment> columns = new ArrayList<>(outputs.size());
        List<String> names = new ArrayList<>(outputs.size());
        for (OutputColumn output : outputs) {
            columns.add(treat(output.lineage()));
            names.add(output.name());
        }
        return new ResultPlan(columns, names, detectors, dateShiftMaxDays);
    }

    /** The plan of a statement that returns no rows. */
    ResultPlan empty() {
        return new ResultPlan(List.of(), List.of(), detectors, dateShiftMaxDays);
    }

    /** Whether the policy masks any column of the relation. */
    boolean hasMaskedColumns(TableRef table) {
        return table.isQualified() && maskedTables.contains(PolicyMapping.policyName(table));
    }

    /** The masking rule of a column, if the policy masks it. */
    Optional<Masking> maskingOf(ColumnRef column) {
        if (!column.table().isQualified()) {
            return Optional.empty();
        }
        return Optional.ofNullable(masked.get(PolicyMapping.policyName(column)));
    }

    private ColumnTreatment treat(Lineage lineage) {
        if (lineage instanceof Lineage.Direct direct) {
            Optional<ColumnTreatment> unsafe = unsafeSource(direct.source());
            if (unsafe.isPresent()) {
                return unsafe.get();
            }
            return maskingOf(direct.source())
                    .<ColumnTreatment>map(rule -> new ColumnTreatment.Masked(rule, PolicyMapping.policyName(direct.source())))
                    .orElseGet(ColumnTreatment.Clear::new);
        } else if (lineage instanceof Lineage.Derived derived) {
            for (ColumnRef source : derived.sources()) {
                Optional<ColumnTreatment> unsafe = unsafeSource(source);
                if (unsafe.isPresent()) {
                    return unsafe.get();
                }
                if (maskingOf(source).isPresent()) {
                    return new ColumnTreatment.Suppressed("computed from the masked column " + PolicyMapping.policyName(source));
                }
            }
            return new ColumnTreatment.Clear();
        } else if (lineage instanceof Lineage.WholeRow wholeRow) {
            TableRef table = wholeRow.table();
            if (!table.isQualified() || CatalogRelations.isProtected(table)) {
                return new ColumnTreatment.Suppressed("a whole row of " + table + ", which phiguard does not allow");
            }
            return hasMaskedColumns(table)
                    ? new ColumnTreatment.Suppressed("a whole row of " + PolicyMapping.policyName(table)
                            + ", which has masked columns")
                    : new ColumnTreatment.Clear();
        } else if (lineage instanceof Lineage.Constant) {
            return new ColumnTreatment.Clear();
        } else if (lineage instanceof Lineage.Unknown unknown) {
            return new ColumnTreatment.Suppressed("the origin of the column is unknown: " + unknown.reason());
        }
        return new ColumnTreatment.Suppressed("unsupported lineage " + lineage.getClass().getSimpleName());
    }

    private static Optional<ColumnTreatment> unsafeSource(ColumnRef source) {
        if (!source.table().isQualified() || CatalogRelations.isProtected(source.table())) {
            return Optional.of(new ColumnTreatment.Suppressed("comes from " + source.table()
                    + ", which phiguard does not allow"));
        }
        return Optional.empty();
    }

    /**
     * The plan for rows that may come from either of two plans with the same column names (a cursor or prepared
     * statement name declared twice): per column the stricter treatment. Two different masking rules give
     * Suppressed.
     */
    static ResultPlan merge(ResultPlan a, ResultPlan b) {
        if (a.isUnknown()) {
            return a;
        }
        if (b.isUnknown()) {
            return b;
        }
        if (!a.columnNames().equals(b.columnNames())) {
            throw new IllegalArgumentException("only plans with the same column names can be merged");
        }
        List<ColumnTreatment> columns = new ArrayList<>(a.columns().size());
        for (int i = 0; i < a.columns().size(); i++) {
            columns.add(stricter(a.columns().get(i), b.columns().get(i)));
        }
        return new ResultPlan(columns, a.columnNames(), a.detectors(), a.dateShiftMaxDays());
    }

    private static ColumnTreatment stricter(ColumnTreatment a, ColumnTreatment b) {
        if (a.equals(b)) {
            return a;
        }
        if (a instanceof ColumnTreatment.Suppressed) {
            return a;
        }
        if (b instanceof ColumnTreatment.Suppressed) {
            return b;
        }
        if (a instanceof ColumnTreatment.Clear) {
            return b;
        }
        if (b instanceof ColumnTreatment.Clear) {
            return a;
        }
        return new ColumnTreatment.Suppressed("the name was declared more than once with different masking");
    }
}
