package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** Lane helpers whose results do not depend on the JIT state. */
final class Lanes {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    // Partner lanes for the pairwise sum: lane i and lane i ^ h (h < L; unused ones are never read).
    private static final VectorShuffle<Float> XOR8 = VectorShuffle.fromOp(S, i -> (i ^ 8) & (L - 1));
    private static final VectorShuffle<Float> XOR4 = VectorShuffle.fromOp(S, i -> (i ^ 4) & (L - 1));
    private static final VectorShuffle<Float> XOR2 = VectorShuffle.fromOp(S, i -> (i ^ 2) & (L - 1));
    private static final VectorShuffle<Float> XOR1 = VectorShuffle.fromOp(S, i -> (i ^ 1) & (L - 1));

    private Lanes() {
    }

    /**
     * Σ lanes as a fixed pairwise tree (lane i with lane i ^ L/2, then i ^ L/4, ...).
     * {@code reduceLanes(ADD)} may add in a tree when compiled and in sequence when interpreted,
     * which gives different bits for the same input; shuffles and adds give the same bits in every
     * JIT state, and cost 2·log2(L) instructions instead of L lane extractions.
     */
    static float sum(FloatVector v) {
        if (L > 16) { // wider than AVX-512 (e.g. SVE): lanes in order
            float s = 0f;
            for (int i = 0; i < L; i++) {
                s += v.lane(i);
            }
            return s;
        }
        if (L == 16) {
            v = v.add(v.rearrange(XOR8));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(XOR4));
        }
        if (L >= 4) {
            v = v.add(v.rearrange(XOR2));
        }
        if (L >= 2) {
            v = v.add(v.rearrange(XOR1));
        }
        return v.lane(0);
    }
}
