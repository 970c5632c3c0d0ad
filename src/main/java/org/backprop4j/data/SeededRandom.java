package org.backprop4j.data;

/**
 * The seeded generator behind every random choice in this package: SplitMix64 (Steele, Lea and
 * Flood, 2014), the algorithm of {@link java.util.SplittableRandom}, written out so that its
 * bounded ints and Gaussians are fixed by this file rather than by the JDK's implementation. Same
 * seed, same numbers, on every JDK: the transcendental functions are {@link StrictMath}'s.
 */
final class SeededRandom {
    private long state;

    SeededRandom(long seed) {
        this.state = seed;
    }

    long nextLong() {
        // the finaliser of kernel.SplitMix64.mix, repeated so that this package depends on nothing
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1), 53 random bits. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound) without modulo bias (Lemire's multiply-and-reject). */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, got " + bound);
        }
        long product = (nextLong() >>> 32) * bound;
        if ((product & 0xFFFFFFFFL) < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while ((product & 0xFFFFFFFFL) < threshold) {
                product = (nextLong() >>> 32) * bound;
            }
        }
        return (int) (product >>> 32);
    }

    /** Standard normal by Box–Muller (one value per two uniforms; simple beats fast here). */
    double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]: keeps log finite
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }

    /** A uniformly random permutation of 0..n-1 by Fisher–Yates, from the last index down. */
    int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
