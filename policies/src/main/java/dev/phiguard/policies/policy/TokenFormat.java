package dev.phiguard.policies.policy;

import java.util.Locale;

/** The shape of the tokens a {@link MaskingRule.Tokenize} rule produces; written {@code ssn}, {@code mrn}, {@code text},
 * {@code email}. */
public enum TokenFormat {
    /** Looks like a US social security number ({@code 123-45-6789}), so downstream validation still passes. */
    SSN,
    /** Keeps the shape of the medical record number (letters stay letters, digits stay digits). */
    MRN,
    /** An opaque text token. */
    TEXT,
    /** A syntactically valid e-mail address in a reserved domain, so address validation still passes. */
    EMAIL;

    /** The name used in policy files. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
