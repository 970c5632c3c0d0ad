package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Fixed-order sums of shard buffers: the result never depends on which thread produced what. */
public final class Reduction {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Elements summed through all parts before moving on: keeps the range in L1/L2. */
    private static final int CHUNK = 4096;

    private Reduction() {
    }

    /**
     * {@code dst[i] = (((dst[i] + parts[from][i]) + parts[from+1][i]) + …) + parts[to−1][i]} for
     * i in [off, off + len): always in part order, so the sum is bit-identical however the parts
     * were computed.
     */
    public static void addInOrder(float[] dst, float[][] parts, int from, int to, int off, int len) {
        int end = off + len;
        for (int c0 = off; c0 < end; c0 += CHUNK) {
            int c1 = Math.min(end, c0 + CHUNK);
            for (int p = from; p < to; p++) {
                add(dst, parts[p], c0, c1);
            }
        }
    }

    /** {@code dst[i] += src[i]} for i in [from, to). */
    static void add(float[] dst, float[] src, int from, int to) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector.fromArray(S, dst, i).add(FloatVector.fromArray(S, src, i)).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] += src[i];
        }
    }
}
