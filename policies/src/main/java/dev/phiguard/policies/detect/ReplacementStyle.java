package dev.phiguard.policies.detect;

/**
 * How a finding is written in place of the identifier. Neither style keeps any digit or letter of
 * the finding (no "last four"): a detector's finding is by definition PHI that no rule planned for.
 */
public enum ReplacementStyle {
    /** The kind's tag: {@code SSN 123-45-6789} becomes {@code SSN [SSN]}. */
    TAG,
    /**
     * The same shape: every ASCII letter or digit and every non-ASCII character becomes {@code *},
     * other ASCII characters stay: {@code 123-45-6789} becomes {@code ***-**-****}.
     */
    MASK
}
