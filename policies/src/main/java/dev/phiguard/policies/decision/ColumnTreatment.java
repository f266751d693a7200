package dev.phiguard.policies.decision;

import dev.phiguard.policies.masking.Masking;
import java.util.Objects;

/** What the proxy does with the values of one result column. */
public sealed interface ColumnTreatment {

    /**
     * Forwarded as the server sent it. Text values are still scanned by the value detectors of the plan.
     */
    record Clear() implements ColumnTreatment {
    }

    /**
     * Every non-null value goes through a masking rule: the column is exactly a stored value of a masked column.
     *
     * @param rule   the rule to compile with {@link dev.phiguard.policies.masking.Maskers#compile}
     * @param source the masked column as the policy names it, e.g. {@code patients.ssn} ({@code lab.results.value}
     *               outside schema {@code public})
     */
    record Masked(Masking rule, String source) implements ColumnTreatment {
        /** Validates. */
        public Masked {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * The column is derived from a masked value, or its origin is uncertain: no value of it may leave. Text-like
     * values become {@code ***}, values of other types become NULL (the proxy decides by the column's type).
     *
     * @param reason why, for the audit trail (names columns, never values)
     */
    record Suppressed(String reason) implements ColumnTreatment {
        /** Validates. */
        public Suppressed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
