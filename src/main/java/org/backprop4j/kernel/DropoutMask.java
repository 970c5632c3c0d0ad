package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inverted dropout: masks drawn from a counter-based random stream (SplitMix64), so a mask is a
 * pure function of its seed and never of the thread that draws it.
 */
public final class DropoutMask {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private DropoutMask() {
    }

    /** mask[len]: each element 1/(1−rate) with probability 1−rate, else 0. */
    public static void fillMask(float[] mask, int off, int len, long seed, float rate) {
        float keep = 1f - rate;
        float scale = 1f / keep;
        long state = seed;
        for (int i = 0; i < len; i++) {
            state += SplitMix64.GOLDEN_GAMMA;
            float u = (SplitMix64.mix(state) >>> 40) * 0x1.0p-24f; // uniform in [0, 1)
            mask[off + i] = u < keep ? scale : 0f;
        }
    }

    /** out[len] = x ⊙ mask: the forward (x = activations) and the backward (x = gradients). */
    public static void multiply(float[] x, int xOff, float[] mask, int mOff, float[] out, int outOff, int len) {
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).mul(FloatVector.fromArray(S, mask, mOff + i))
                    .intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = x[xOff + i] * mask[mOff + i];
        }
    }
}
