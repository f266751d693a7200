package dev.phiguard.policies.detect;

import java.util.List;

/**
 * The result of a scan that found something: the rewritten value and what was replaced.
 * Overlapping findings are merged into one, so {@link #count()} is the number of replacements made.
 */
public final class Redaction {

    private final byte[] value;
    private final List<Finding> findings;

    Redaction(byte[] value, List<Finding> findings) {
        this.value = value;
        this.findings = List.copyOf(findings);
    }

    /** The new value, UTF-8: a fresh array owned by the caller. */
    public byte[] value() {
        return value;
    }

    /** The findings in the original value, in order, not overlapping; at least one. */
    public List<Finding> findings() {
        return findings;
    }

    /** How many identifiers were replaced (what the audit counts as masked values). */
    public int count() {
        return findings.size();
    }

    /** How many findings of one kind. */
    public int count(DetectorKind kind) {
        int n = 0;
        for (Finding f : findings) {
            if (f.kind() == kind) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "Redaction[" + findings + "]"; // positions and kinds only, never the value
    }
}
