package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;

/** Lane helpers whose results do not depend on the JIT state. */
final class Lanes {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[L]);

    private Lanes() {
    }

    /** A per-thread array of one vector's lanes for {@link #sum}: fetch it once per call, not per row. */
    static float[] scratch() {
        return SCRATCH.get();
    }

    /**
     * Σ lanes as a fixed pairwise tree: lane i plus lane i + L/2, then i + L/4, ... down to one.
     * {@code reduceLanes(ADD)} may add in a tree when compiled and in sequence when interpreted,
     * which gives different bits for the same input. One store and scalar adds give the same bits
     * in every JIT state; shuffles would too, but their first use costs a small model ~10 ms of
     * class loading and a dozen more Vector API methods in the JIT's queue ahead of its kernels.
     */
    static float sum(FloatVector v, float[] scratch) {
        v.intoArray(scratch, 0);
        for (int half = L >> 1; half > 0; half >>= 1) {
            for (int i = 0; i < half; i++) {
                scratch[i] += scratch[i + half];
            }
        }
        return scratch[0];
    }
}
