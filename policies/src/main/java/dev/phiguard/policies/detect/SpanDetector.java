package dev.phiguard.policies.detect;

/** One built-in detector: a hand-written scanner over UTF-8 bytes. */
interface SpanDetector {

    /** What this detector finds. */
    DetectorKind kind();

    /** Values with fewer ASCII digits cannot contain a finding, so are not scanned. */
    int minDigits();

    /** Whether a finding needs an {@code @} in the value. */
    default boolean needsAt() {
        return false;
    }

    /**
     * The first finding that starts at or after {@code from}, as {@link Spans#of}, or
     * {@link Spans#NONE}. The value is {@code v[start, end)}; bytes before {@code from} may be read
     * to check boundaries.
     */
    long next(byte[] v, int start, int from, int end);
}
