package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Forward bias + activation over a row-major block: {@code x[i][j] = act(x[i][j] + bias[j])}.
 * One pass, in place. Row tails use a lane mask rather than scalar code, so every element goes
 * through the same vector arithmetic wherever it sits in the row (results never depend on how a
 * caller split the matrix).
 */
public final class BiasActivation {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private BiasActivation() {
    }

    /** Applies {@code e} to rows {@code [0, rows)} and columns {@code [0, cols)} of {@code x}. */
    public static void apply(float[] x, int off, int ld, int rows, int cols, Epilogue e) {
        apply(x, off, ld, rows, cols, 0, e);
    }

    /**
     * Same as {@link #apply(float[], int, int, int, int, Epilogue)} for a block whose column 0 is
     * column {@code col0} of the matrix the bias belongs to.
     */
    static void apply(float[] x, int off, int ld, int rows, int cols, int col0, Epilogue e) {
        if (e.isNone()) {
            return;
        }
        float[] bias = e.bias();
        int bOff = e.biasOffset() + col0;
        Activation act = e.activation();
        float slope = e.slope();
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = off + r * ld;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, row + j);
                if (bias != null) {
                    v = v.add(FloatVector.fromArray(S, bias, bOff + j));
                }
                activate(v, act, slope).intoArray(x, row + j);
            }
            if (j < cols) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector v = FloatVector.fromArray(S, x, row + j, m);
                if (bias != null) {
                    v = v.add(FloatVector.fromArray(S, bias, bOff + j, m));
                }
                activate(v, act, slope).intoArray(x, row + j, m);
            }
        }
    }

    /** The activation of one vector; shared by every kernel that applies an activation. */
    static FloatVector activate(FloatVector v, Activation act, float slope) {
        switch (act) {
            case IDENTITY:
                return v;
            case RELU:
                return v.max(0f);
            case LEAKY_RELU:
                return v.blend(v.mul(slope), v.compare(VectorOperators.LT, 0f));
            case SIGMOID:
                return VectorMath.sigmoid(v);
            case TANH:
                return VectorMath.tanh(v);
            default:
                throw new AssertionError(act);
        }
    }
}
