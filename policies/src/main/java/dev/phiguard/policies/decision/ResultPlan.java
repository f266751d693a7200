package dev.phiguard.policies.decision;

import dev.phiguard.policies.detect.DetectorSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the rows of one statement are treated on their way to the client: one {@link ColumnTreatment} per column, in
 * order, and the detectors that scan the text of every column left {@link ColumnTreatment.Clear}.
 *
 * <p>The plan is predicted from the SQL text. The proxy must compare {@link #columnNames()} with the names of the
 * server's RowDescription (count and each name, in order) and suppress every column when they differ: the prediction
 * is then wrong. An {@link #isUnknown() unknown} plan means the same from the start: every column is suppressed.
 * A statement that returns no rows has a plan with no columns.
 *
 * @param columns          the treatment of each column, in order
 * @param columnNames      the column names the server is expected to report, in order; as many as {@code columns}
 * @param detectors        the policy's value detectors, for text values of {@link ColumnTreatment.Clear} columns
 * @param dateShiftMaxDays the bound of the lease's date shift ({@link dev.phiguard.policies.masking.DateShift#derive}),
 *                         present when the policy shifts dates
 * @param unknownReason    present when the lineage of the rows could not be established at all
 */
public record ResultPlan(List<ColumnTreatment> columns, List<String> columnNames, DetectorSettings detectors,
                         OptionalInt dateShiftMaxDays, Optional<String> unknownReason) {

    /** Validates and copies. */
    public ResultPlan {
        columns = List.copyOf(columns);
        columnNames = List.copyOf(columnNames);
        Objects.requireNonNull(detectors, "detectors");
        Objects.requireNonNull(dateShiftMaxDays, "dateShiftMaxDays");
        Objects.requireNonNull(unknownReason, "unknownReason");
        if (columns.size() != columnNames.size()) {
            throw new IllegalArgumentException("a plan needs one name per column: " + columns.size() + " columns, "
                    + columnNames.size() + " names");
        }
        if (unknownReason.isPresent() && !columns.isEmpty()) {
            throw new IllegalArgumentException("an unknown plan has no columns");
        }
    }

    /** A known plan. */
    public ResultPlan(List<ColumnTreatment> columns, List<String> columnNames, DetectorSettings detectors,
                      OptionalInt dateShiftMaxDays) {
        this(columns, columnNames, detectors, dateShiftMaxDays, Optional.empty());
    }

    /**
     * The lineage of the rows could not be established at all: the proxy suppresses every column of every row.
     *
     * @param reason why, for the audit trail
     */
    public static ResultPlan unknown(String reason) {
        return new ResultPlan(List.of(), List.of(), DetectorSettings.none(), OptionalInt.empty(),
                Optional.of(Objects.requireNonNull(reason, "reason")));
    }

    /** @return whether every column must be suppressed because nothing is known about the rows */
    public boolean isUnknown() {
        return unknownReason.isPresent();
    }

    /** @return whether every column is {@link ColumnTreatment.Clear} (detectors still run) */
    public boolean isAllClear() {
        return !isUnknown() && columns.stream().allMatch(ColumnTreatment.Clear.class::isInstance);
    }
}
