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
        for (int r = 0; r < rows; r++) {
            int yr = yOff + r * cols;
            int ar = dAOff + r * cols;
            int zr = dZOff + r * cols;
            // Two vector loops, each small enough to be inlined with every vector in registers (a
            // helper switching on the activation per vector was not inlined everywhere, and boxed).
            // A loop per row: the JIT compiles a method called once per row after a few training
            // steps, where a loop over all rows called once per step would run interpreted (hundreds
            // of times slower) for hundreds of steps.
            int j = switch (act) {
                case IDENTITY -> piecewiseLinear(null, yr, dA, ar, dZ, zr, cols, 1f, biasGrad, bgOff);
                case RELU -> piecewiseLinear(y, yr, dA, ar, dZ, zr, cols, 0f, biasGrad, bgOff);
                case LEAKY_RELU -> piecewiseLinear(y, yr, dA, ar, dZ, zr, cols, slope, biasGrad, bgOff);
                case SIGMOID -> smooth(y, yr, dA, ar, dZ, zr, cols, false, biasGrad, bgOff);
                case TANH -> smooth(y, yr, dA, ar, dZ, zr, cols, true, biasGrad, bgOff);
            };
            for (; j < cols; j++) { // the row's tail with the scalar twin
                float dz = act.derivativeTimes(y == null ? 0f : y[yr + j], dA[ar + j], slope);
                dZ[zr + j] = dz;
                if (biasGrad != null) {
                    biasGrad[bgOff + j] += dz;
                }
            }
        }
    }

    /**
     * dZ = y ≤ 0 ? below·dA : dA over the row's full vectors, returning where they end: the
     * identity with below 1 (y not read), ReLU with 0 (which gives 0 even for an infinite dA),
     * leaky ReLU with its slope.
     */
    private static int piecewiseLinear(float[] y, int yr, float[] dA, int ar, float[] dZ, int zr, int cols,
                                       float below, float[] biasGrad, int bgOff) {
        int j = 0;
        for (int bound = S.loopBound(cols); j < bound; j += L) {
            FloatVector dz = FloatVector.fromArray(S, dA, ar + j);
            if (below != 1f) { // the identity: dZ = dA (and below·dA = dA, which leaky ReLU's 1 gives too)
                FloatVector negative = below == 0f ? FloatVector.zero(S) : dz.mul(below);
                dz = dz.blend(negative, FloatVector.fromArray(S, y, yr + j).compare(VectorOperators.LE, 0f));
            }
            store(dz, dZ, zr + j, biasGrad, bgOff + j);
        }
        return j;
    }

    /** dZ = dA·y·(1 − y) (sigmoid) or dA·(1 − y²) (tanh) over the row's full vectors. */
    private static int smooth(float[] y, int yr, float[] dA, int ar, float[] dZ, int zr, int cols,
                              boolean tanh, float[] biasGrad, int bgOff) {
        int j = 0;
        for (int bound = S.loopBound(cols); j < bound; j += L) {
            FloatVector yv = FloatVector.fromArray(S, y, yr + j);
            FloatVector da = FloatVector.fromArray(S, dA, ar + j);
            // sigmoid: y far in the tail times a small dA would be subnormal: flushed (Subnormals)
            FloatVector dz = tanh ? da.mul(yv.mul(yv).neg().add(1f)) : Subnormals.flush(da.mul(yv).mul(yv.neg().add(1f)));
            store(dz, dZ, zr + j, biasGrad, bgOff + j);
        }
        return j;
    }

    /** dZ[i ..] = dz, and dz added into the bias gradient when there is one. */
    private static void store(FloatVector dz, float[] dZ, int i, float[] biasGrad, int b) {
        dz.intoArray(dZ, i);
        if (biasGrad != null) {
            FloatVector.fromArray(S, biasGrad, b).add(dz).intoArray(biasGrad, b);
        }
    }
}
