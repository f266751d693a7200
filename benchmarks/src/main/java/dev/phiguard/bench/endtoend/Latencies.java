package dev.phiguard.bench.endtoend;

import java.util.Arrays;

/**
 * A growing list of durations in nanoseconds and their nearest-rank percentiles, for the lease-churn driver.
 * Not thread-safe: each worker keeps its own and they are merged at the end.
 */
final class Latencies {
    private long[] nanos = new long[1024];
    private int size;

    void add(long value) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = value;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.nanos[i]);
        }
    }

    int size() {
        return size;
    }

    /** The nearest-rank percentile {@code p} (0 &lt; p &le; 100) in milliseconds; NaN when empty. */
    double percentileMillis(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
        }
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(rank, 1) - 1] / 1e6;
    }
}
