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
     * Σ lanes as a fixed pairwise tree: lane i plus lane i + L/2, then i + L/4, ... down to one
     * (for L ≤ 16 the same additions as the XOR-shuffle tree it replaced; lanes beyond 16, as on
     * wider SVE machines, used to be summed in order). {@code reduceLanes(ADD)} may add in a tree
     * when compiled and in sequence when interpreted, which gives different bits for the same
     * input; one store and scalar adds give the same bits in every JIT state. Shuffles would too,
     * but a first {@code rearrange} costs ~11 ms of class loading (no change measured on a whole
     * cold SPIRAL run, though).
     */
    static float sum(FloatVector v, float[] scratch) {
        v.intoArray(scratch, 0);
        if (Integer.bitCount(L) != 1) { // e.g. 384-bit SVE: lanes in order
            float sum = 0f;
            for (int i = 0; i < L; i++) {
                sum += scratch[i];
            }
            return sum;
        }
        for (int half = L >> 1; half > 0; half >>= 1) {
            for (int i = 0; i < half; i++) {
                scratch[i] += scratch[i + half];
            }
        }
        return scratch[0];
    }
}
