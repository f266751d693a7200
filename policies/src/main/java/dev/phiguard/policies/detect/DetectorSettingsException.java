package dev.phiguard.policies.detect;

/**
 * A detector setting is invalid, for instance an MRN pattern that does not compile. Carries the
 * index of the offending pattern so that the policy loader can point at its file, line and column.
 */
public final class DetectorSettingsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int patternIndex;

    DetectorSettingsException(int patternIndex, String message, Throwable cause) {
        super(message, cause);
        this.patternIndex = patternIndex;
    }

    /** The index in {@link DetectorSettings#mrnPatterns()} of the pattern at fault. */
    public int patternIndex() {
        return patternIndex;
    }
}
