package dev.phiguard.policies.decision;

import dev.phiguard.policies.detect.DetectorSettings;
import dev.phiguard.policies.detect.ReplacementStyle;
import dev.phiguard.policies.masking.Masking;
import dev.phiguard.policies.policy.MaskingRule;
import dev.phiguard.policies.sql.TableRef;

/** Translates the policy's records into the types of the masking and detection packages, and names into policy form. */
final class PolicyMapping {

    private static final String DEFAULT_SCHEMA = "public";

    private PolicyMapping() {
    }

    /** The masking package's rule for a policy rule. */
    static Masking masking(MaskingRule rule) {
        if (rule instanceof MaskingRule.Redact redact) {
            return new Masking.Redact(redact.replacement());
        } else if (rule instanceof MaskingRule.Partial partial) {
            return new Masking.Partial(partial.keepLast(), partial.fill());
        } else if (rule instanceof MaskingRule.Tokenize tokenize) {
            return new Masking.Tokenize(switch (tokenize.format()) {
                case SSN -> Masking.Tokenize.Format.SSN;
                case MRN -> Masking.Tokenize.Format.MRN;
                case TEXT -> Masking.Tokenize.Format.TEXT;
                case EMAIL -> Masking.Tokenize.Format.EMAIL;
            });
        } else if (rule instanceof MaskingRule.Nullify) {
            return new Masking.Nullify();
        } else if (rule instanceof MaskingRule.GeneraliseDate generalise) {
            return new Masking.GeneraliseDate(switch (generalise.precision()) {
                case YEAR -> Masking.GeneraliseDate.Precision.YEAR;
                case MONTH -> Masking.GeneraliseDate.Precision.MONTH;
            });
        } else if (rule instanceof MaskingRule.ShiftDate) {
            return new Masking.ShiftDate();
        }
        throw new IllegalArgumentException("unknown masking rule " + rule.getClass().getName());
    }

    /** The detection package's settings for the policy's {@code detectors}. */
    static DetectorSettings detectors(dev.phiguard.policies.policy.DetectorSettings settings) {
        return new DetectorSettings(settings.ssn(), settings.email(), settings.phone(), settings.card(),
                settings.dateOfBirth(), settings.mrnPatterns(), switch (settings.replacement()) {
                    case TAG -> ReplacementStyle.TAG;
                    case MASK -> ReplacementStyle.MASK;
                });
    }

    /**
     * A relation as the policy names it: {@code patients} for {@code public.patients}, {@code lab.results} otherwise.
     * Only for qualified relations.
     */
    static String policyName(TableRef table) {
        if (!table.isQualified()) {
            throw new IllegalArgumentException("unqualified relation " + table);
        }
        return DEFAULT_SCHEMA.equals(table.schema()) ? table.name() : table.qualifiedName();
    }

    /** A column as the policy names it: {@code patients.ssn}. */
    static String policyName(dev.phiguard.policies.sql.ColumnRef column) {
        return policyName(column.table()) + "." + column.column();
    }
}
