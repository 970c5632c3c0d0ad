package org.backprop4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/** Inputs shared by the benchmarks: seeded uniform [-1, 1) matrices, and pools by thread count. */
final class Matrices {
    private Matrices() {
    }

    static float[] uniform(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    /** {@code null} (the calling thread) for one thread, else a pool of that many workers. */
    static ForkJoinPool pool(int threads) {
        return threads <= 1 ? null : new ForkJoinPool(threads);
    }

    static void close(ForkJoinPool pool) {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
