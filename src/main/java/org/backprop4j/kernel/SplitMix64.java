package org.backprop4j.kernel;

/**
 * SplitMix64 (Steele, Lea, Flood 2014): a counter-based generator whose output is a pure function
 * of (seed, index). Used to derive independent streams from tuples such as (seed, epoch, batch,
 * shard) without any shared mutable generator.
 */
public final class SplitMix64 {
    /** The Weyl-sequence increment. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix64() {
    }

    /** The SplitMix64 finaliser: a bijective scramble of 64 bits. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A seed for the stream identified by (seed, a): chain calls for longer tuples. */
    public static long derive(long seed, long a) {
        return mix(mix(seed + GOLDEN_GAMMA) + a * GOLDEN_GAMMA);
    }

    /** The i-th output of the stream with seed {@code seed}. */
    public static long at(long seed, long i) {
        return mix(seed + (i + 1) * GOLDEN_GAMMA);
    }

    /** The i-th output as a uniform double in [0, 1). */
    public static double uniform(long seed, long i) {
        return (at(seed, i) >>> 11) * 0x1.0p-53;
    }
}
