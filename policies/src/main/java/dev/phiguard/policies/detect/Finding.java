package dev.phiguard.policies.detect;

import java.util.Objects;

/**
 * One identifier found in a value and replaced.
 *
 * @param kind what was found
 * @param start the first byte of the finding, relative to the start of the scanned value
 * @param end the byte after the finding, relative to the start of the scanned value
 */
public record Finding(DetectorKind kind, int start, int end) {

    /** Validates the range. */
    public Finding {
        Objects.requireNonNull(kind, "kind");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("finding range must be non-empty, got " + start + ".." + end);
        }
    }
}
