package org.backprop4j.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Backward of bias + activation in one pass: the activation derivative (taken from the
 * activation's OUTPUT y, so the pre-activation never needs to be kept), times the incoming
 * gradient, and the bias gradient as column sums of the result.
 */
public final class ActivationGradient {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private ActivationGradient() {
    }

    /**
     * y, dA, dZ: rows×cols row-major (leading dimension cols); biasGrad: cols.
     * {@code dZ = dA ⊙ f'(y)} and, when {@code biasGrad != null},
     * {@code biasGrad[j] = Σ_i dZ[i][j]} summed in row order (deterministic). dZ may alias dA.
     * f'(y): identity 1, relu y&gt;0, leaky relu y&gt;0 ? 1 : slope, sigmoid y(1−y), tanh 1−y².
     */
    public static void backward(Activation act, float slope, float[] y, int yOff,
                                float[] dA, int dAOff, float[] dZ, int dZOff, int rows, int cols,
                                float[] biasGrad, int bgOff) {
        if (biasGrad != null) {
            Arrays.fill(biasGrad, bgOff, bgOff + cols, 0f);
        }
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int yr = yOff + r * cols;
            int ar = dAOff + r * cols;
            int zr = dZOff + r * cols;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector dz = derivativeTimes(act, slope,
                        FloatVector.fromArray(S, y, yr + j), FloatVector.fromArray(S, dA, ar + j));
                dz.intoArray(dZ, zr + j);
                if (biasGrad != null) {
                    FloatVector.fromArray(S, biasGrad, bgOff + j).add(dz).intoArray(biasGrad, bgOff + j);
                }
            }
            for (; j < cols; j++) {
                float dz = derivativeTimes(act, slope, y[yr + j], dA[ar + j]);
                dZ[zr + j] = dz;
                if (biasGrad != null) {
                    biasGrad[bgOff + j] += dz;
                }
            }
        }
    }

    private static FloatVector derivativeTimes(Activation act, float slope, FloatVector y, FloatVector dA) {
        switch (act) {
            case IDENTITY:
                return dA;
            case RELU:
                return dA.blend(0f, y.compare(VectorOperators.LE, 0f));
            case LEAKY_RELU:
                return dA.blend(dA.mul(slope), y.compare(VectorOperators.LE, 0f));
            case SIGMOID:
                return dA.mul(y).mul(y.neg().add(1f));
            case TANH:
                return dA.mul(y.mul(y).neg().add(1f));
            default:
                throw new AssertionError(act);
        }
    }

    /** Scalar twin of the vector form, for row tails: the same arithmetic element by element. */
    static float derivativeTimes(Activation act, float slope, float y, float dA) {
        switch (act) {
            case IDENTITY:
                return dA;
            case RELU:
                return y <= 0f ? 0f : dA;
            case LEAKY_RELU:
                return y <= 0f ? dA * slope : dA;
            case SIGMOID:
                return dA * y * (1f - y);
            case TANH:
                return dA * (1f - y * y);
            default:
                throw new AssertionError(act);
        }
    }
}
