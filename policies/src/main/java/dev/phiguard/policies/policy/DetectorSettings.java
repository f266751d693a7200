package dev.phiguard.policies.policy;

import java.util.List;
import java.util.Objects;

/**
 * Value detectors: the safety net run over every text value that no masking rule covers. A detected value is
 * replaced where it is found.
 *
 * @param ssn         US social security numbers that follow the issuing rules
 * @param email       e-mail addresses
 * @param phone       telephone numbers
 * @param card        payment card numbers that pass the Luhn check
 * @param dateOfBirth dates of birth in free text
 * @param mrnPatterns medical record number patterns of this site, {@code java.util.regex} syntax; the loader has
 *                    checked that each compiles and does not match the empty string
 * @param replacement how a finding is written
 */
public record DetectorSettings(boolean ssn, boolean email, boolean phone, boolean card, boolean dateOfBirth,
                               List<String> mrnPatterns, ReplacementStyle replacement) {

    public DetectorSettings {
        mrnPatterns = List.copyOf(mrnPatterns);
        Objects.requireNonNull(replacement, "replacement");
    }

    /** Every detector on, no MRN patterns, findings replaced by tags: what a policy without {@code detectors} gets. */
    public static DetectorSettings defaults() {
        return new DetectorSettings(true, true, true, true, true, List.of(), ReplacementStyle.TAG);
    }

    /** Whether any detector runs at all. */
    public boolean anyEnabled() {
        return ssn || email || phone || card || dateOfBirth || !mrnPatterns.isEmpty();
    }
}
