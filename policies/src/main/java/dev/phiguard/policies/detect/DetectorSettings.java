package dev.phiguard.policies.detect;

import java.util.List;
import java.util.Objects;

/**
 * Which detectors run over the text values that no masking rule covers, as a policy configures
 * them.
 *
 * @param ssn detect US social security numbers
 * @param email detect e-mail addresses
 * @param phone detect North American phone numbers
 * @param card detect payment card numbers
 * @param dateOfBirth detect dates after a date-of-birth label
 * @param mrnPatterns the policy's MRN patterns, {@code java.util.regex} syntax, e.g.
 *                    {@code MRN\d{8}}; a match only counts if it contains an ASCII digit
 * @param replacementStyle how findings are written
 */
public record DetectorSettings(boolean ssn, boolean email, boolean phone, boolean card,
                               boolean dateOfBirth, List<String> mrnPatterns,
                               ReplacementStyle replacementStyle) {

    /** Copies the list and checks for nulls. */
    public DetectorSettings {
        mrnPatterns = List.copyOf(Objects.requireNonNull(mrnPatterns, "mrnPatterns"));
        Objects.requireNonNull(replacementStyle, "replacementStyle");
    }

    /** Every built-in detector, the given MRN patterns, tags. The default of a policy. */
    public static DetectorSettings all(List<String> mrnPatterns) {
        return new DetectorSettings(true, true, true, true, true, mrnPatterns, ReplacementStyle.TAG);
    }

    /** No detector at all. */
    public static DetectorSettings none() {
        return new DetectorSettings(false, false, false, false, false, List.of(), ReplacementStyle.TAG);
    }

    /** A copy with another replacement style. */
    public DetectorSettings withReplacementStyle(ReplacementStyle style) {
        return new DetectorSettings(ssn, email, phone, card, dateOfBirth, mrnPatterns, style);
    }
}
