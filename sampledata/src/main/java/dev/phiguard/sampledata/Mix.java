package dev.phiguard.sampledata;

/** 64-bit hashing used to derive independent per-row random streams from (seed, id, stream). */
final class Mix {

    private Mix() {
    }

    /** Hashes three longs into one well-mixed long (SplitMix64 / Murmur3 finaliser over a combination). */
    static long mix(long seed, long id, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + fmix(id + 0x632BE59BD9B4E019L) + stream * 0xBF58476D1CE4E5B9L;
        return fmix(z);
    }

    private static long fmix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
