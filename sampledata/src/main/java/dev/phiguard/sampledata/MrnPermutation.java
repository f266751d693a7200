package dev.phiguard.sampledata;

/**
 * A keyed bijection of {@code [0, 10^8)} onto itself: a four-round Feistel network over 28 bits with cycle walking.
 * It turns patient ids into medical record numbers that look random yet are unique by construction, without any
 * table of already used numbers.
 */
final class MrnPermutation {

    /** Size of the domain: 8 decimal digits. */
    static final long DOMAIN = 100_000_000L;

    private static final int HALF_BITS = 14;
    private static final int HALF_MASK = (1 << HALF_BITS) - 1;
    private static final int ROUNDS = 4;

    private final long[] roundKeys = new long[ROUNDS];

    MrnPermutation(long seed) {
        for (int i = 0; i < ROUNDS; i++) {
            roundKeys[i] = Mix.mix(seed, 0x4D524EL, i);
        }
    }

    /** Maps {@code index} in {@code [0, 10^8)} to a distinct value in the same range. */
    long apply(long index) {
        if (index < 0 || index >= DOMAIN) {
            throw new IllegalArgumentException("index out of range [0, " + DOMAIN + "): " + index);
        }
        long value = index;
        do {
            value = encrypt28(value);
        } while (value >= DOMAIN);
        return value;
    }

    private long encrypt28(long value) {
        int left = (int) (value >>> HALF_BITS) & HALF_MASK;
        int right = (int) value & HALF_MASK;
        for (long key : roundKeys) {
            int next = left ^ (int) (Mix.mix(key, right, 0) & HALF_MASK);
            left = right;
            right = next;
        }
        return ((long) left << HALF_BITS) | right;
    }
}
