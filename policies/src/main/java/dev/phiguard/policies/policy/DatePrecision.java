package dev.phiguard.policies.policy;

import java.util.Locale;

/** How far a {@link MaskingRule.GeneraliseDate} rule truncates a date; written {@code year} or {@code month}. */
public enum DatePrecision {
    /** Keep the year only (the date becomes January 1st of that year). */
    YEAR,
    /** Keep year and month (the date becomes the 1st of that month). */
    MONTH;

    /** The name used in policy files. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
