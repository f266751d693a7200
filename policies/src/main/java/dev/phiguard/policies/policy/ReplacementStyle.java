package dev.phiguard.policies.policy;

import java.util.Locale;

/** How a detector writes a finding in place of the identifier; written {@code tag} or {@code mask}. */
public enum ReplacementStyle {
    /** The kind's tag: {@code SSN 123-45-6789} becomes {@code SSN [SSN]}. */
    TAG,
    /** The same shape, no letter or digit kept: {@code 123-45-6789} becomes {@code ***-**-****}. */
    MASK;

    /** The name used in policy files. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
