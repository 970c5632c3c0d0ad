package org.backprop4j.data;

/**
 * numpy's legacy global generator ({@code np.random.seed}, {@code rand}, {@code randn}): MT19937
 * with numpy's 53-bit doubles and its polar Gaussian that hands out every second value from a
 * cache. The same seed gives the same stream as numpy, bit for bit, so the nnfs book's data and
 * initial weights ({@code nnfs.init()} seeds 0) can be reproduced exactly, and a training run
 * compared with the book's own figures rather than with a different random draw.
 *
 * <p>Stateful and not thread-safe, like numpy's global state.
 */
public final class NumpyRandom {
    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int index = N;
    private boolean hasCachedGaussian;
    private double cachedGaussian;

    /** {@code np.random.seed(seed)} for a seed in [0, 2³²). */
    public NumpyRandom(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("numpy seeds are in [0, 2^32), got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
    }

    /** The next 32 random bits (MT19937's genrand_int32). */
    int nextInt32() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        return y ^ (y >>> 18);
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x8000_0000) | (mt[(i + 1) % N] & 0x7FFF_FFFF);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908_B0DF : 0);
        }
        index = 0;
    }

    /** {@code np.random.rand()}: uniform in [0, 1) from 27 + 26 random bits. */
    public double nextDouble() {
        long a = (nextInt32() >>> 5) & 0xFFFF_FFFFL;
        long b = (nextInt32() >>> 6) & 0xFFFF_FFFFL;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** {@code np.random.randn()}: the polar method; each accepted pair gives two values, cached. */
    public double nextGaussian() {
        if (hasCachedGaussian) {
            hasCachedGaussian = false;
            return cachedGaussian;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * StrictMath.log(r2) / r2);
        cachedGaussian = f * x1;
        hasCachedGaussian = true;
        return f * x2;
    }

    /**
     * {@code scale * np.random.randn(n)} as nnfs computes it with float32 defaults: each value
     * rounded to float, then multiplied by {@code scale} in float (nnfs's
     * {@code 0.01 * np.random.randn(inputs, outputs)}).
     */
    public float[] randn(int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * (float) nextGaussian();
        }
        return v;
    }
}
