package dev.phiguard.policies.detect;

/** A byte range {@code [start, end)} packed into a long, so that scanners allocate nothing. */
final class Spans {

    /** No finding. */
    static final long NONE = -1L;

    private Spans() {
    }

    static long of(int start, int end) {
        return (long) start << 32 | (end & 0xFFFFFFFFL);
    }

    static int start(long span) {
        return (int) (span >>> 32);
    }

    static int end(long span) {
        return (int) span;
    }
}
