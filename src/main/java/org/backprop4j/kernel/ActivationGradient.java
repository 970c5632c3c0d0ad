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
        // One loop per activation: a vector helper switching on the activation is too big to be
        // inlined at every call site, and where it is not, its vectors are boxed. One row loop
        // choosing per vector (tenth session) boxed in 2 of 9 JVMs that had trained a ReLU model
        // first (ActivationAfterReluAllocationTest: 14.7 MB per 100-step fit).
        switch (act) {
            case IDENTITY -> identity(dA, dAOff, dZ, dZOff, rows, cols, biasGrad, bgOff);
            case RELU, LEAKY_RELU -> relu(act == Activation.RELU ? 0f : slope, y, yOff, dA, dAOff, dZ, dZOff,
                    rows, cols, biasGrad, bgOff);
            case SIGMOID -> sigmoid(y, yOff, dA, dAOff, dZ, dZOff, rows, cols, biasGrad, bgOff);
            case TANH -> tanh(y, yOff, dA, dAOff, dZ, dZOff, rows, cols, biasGrad, bgOff);
            default -> throw new AssertionError(act);
        }
    }

    // Each activation: a loop over rows calling a one-row method. The JIT compiles a method
    // called once per row after a few training steps; a loop over all rows called once per step
    // would run its vector code interpreted (hundreds of times slower) for hundreds of steps.

    /** dZ = dA. */
    private static void identity(float[] dA, int dAOff, float[] dZ, int dZOff, int rows, int cols,
                                 float[] biasGrad, int bgOff) {
        for (int r = 0; r < rows; r++) {
            identityRow(dA, dAOff + r * cols, dZ, dZOff + r * cols, cols, biasGrad, bgOff);
        }
    }

    private static void identityRow(float[] dA, int ar, float[] dZ, int zr, int cols, float[] biasGrad, int bgOff) {
        int bound = S.loopBound(cols);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector dz = FloatVector.fromArray(S, dA, ar + j);
            dz.intoArray(dZ, zr + j);
            if (biasGrad != null) {
                FloatVector.fromArray(S, biasGrad, bgOff + j).add(dz).intoArray(biasGrad, bgOff + j);
            }
        }
        tail(Activation.IDENTITY, 0f, null, 0, dA, ar, dZ, zr, j, cols, biasGrad, bgOff);
    }

    /** dZ = y &gt; 0 ? dA : slope·dA (ReLU: slope 0, which gives 0 even for infinite dA). */
    private static void relu(float slope, float[] y, int yOff, float[] dA, int dAOff, float[] dZ, int dZOff,
                             int rows, int cols, float[] biasGrad, int bgOff) {
        for (int r = 0; r < rows; r++) {
            reluRow(slope, y, yOff + r * cols, dA, dAOff + r * cols, dZ, dZOff + r * cols, cols, biasGrad, bgOff);
        }
    }

    private static void reluRow(float slope, float[] y, int yr, float[] dA, int ar, float[] dZ, int zr,
                                int cols, float[] biasGrad, int bgOff) {
        int bound = S.loopBound(cols);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector da = FloatVector.fromArray(S, dA, ar + j);
            FloatVector negative = slope == 0f ? FloatVector.zero(S) : da.mul(slope);
            FloatVector dz = da.blend(negative, FloatVector.fromArray(S, y, yr + j).compare(VectorOperators.LE, 0f));
            dz.intoArray(dZ, zr + j);
            if (biasGrad != null) {
                FloatVector.fromArray(S, biasGrad, bgOff + j).add(dz).intoArray(biasGrad, bgOff + j);
            }
        }
        tail(slope == 0f ? Activation.RELU : Activation.LEAKY_RELU, slope, y, yr, dA, ar, dZ, zr, j, cols,
                biasGrad, bgOff);
    }

    /** dZ = dA·y·(1 − y). */
    private static void sigmoid(float[] y, int yOff, float[] dA, int dAOff, float[] dZ, int dZOff,
                                int rows, int cols, float[] biasGrad, int bgOff) {
        for (int r = 0; r < rows; r++) {
            sigmoidRow(y, yOff + r * cols, dA, dAOff + r * cols, dZ, dZOff + r * cols, cols, biasGrad, bgOff);
        }
    }

    private static void sigmoidRow(float[] y, int yr, float[] dA, int ar, float[] dZ, int zr, int cols,
                                   float[] biasGrad, int bgOff) {
        int bound = S.loopBound(cols);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector yv = FloatVector.fromArray(S, y, yr + j);
            // y far in the sigmoid's tail times a small dA would be subnormal: flushed (Subnormals)
            FloatVector dz = Subnormals.flush(FloatVector.fromArray(S, dA, ar + j).mul(yv).mul(yv.neg().add(1f)));
            dz.intoArray(dZ, zr + j);
            if (biasGrad != null) {
                FloatVector.fromArray(S, biasGrad, bgOff + j).add(dz).intoArray(biasGrad, bgOff + j);
            }
        }
        tail(Activation.SIGMOID, 0f, y, yr, dA, ar, dZ, zr, j, cols, biasGrad, bgOff);
    }

    /** dZ = dA·(1 − y²). */
    private static void tanh(float[] y, int yOff, float[] dA, int dAOff, float[] dZ, int dZOff,
                             int rows, int cols, float[] biasGrad, int bgOff) {
        for (int r = 0; r < rows; r++) {
            tanhRow(y, yOff + r * cols, dA, dAOff + r * cols, dZ, dZOff + r * cols, cols, biasGrad, bgOff);
        }
    }

    private static void tanhRow(float[] y, int yr, float[] dA, int ar, float[] dZ, int zr, int cols,
                                float[] biasGrad, int bgOff) {
        int bound = S.loopBound(cols);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector yv = FloatVector.fromArray(S, y, yr + j);
            FloatVector dz = FloatVector.fromArray(S, dA, ar + j).mul(yv.mul(yv).neg().add(1f));
            dz.intoArray(dZ, zr + j);
            if (biasGrad != null) {
                FloatVector.fromArray(S, biasGrad, bgOff + j).add(dz).intoArray(biasGrad, bgOff + j);
            }
        }
        tail(Activation.TANH, 0f, y, yr, dA, ar, dZ, zr, j, cols, biasGrad, bgOff);
    }

    /** Columns [j, cols) of one row with the scalar twin. */
    private static void tail(Activation act, float slope, float[] y, int yr, float[] dA, int ar,
                             float[] dZ, int zr, int j, int cols, float[] biasGrad, int bgOff) {
        for (; j < cols; j++) {
            float dz = act.derivativeTimes(y == null ? 0f : y[yr + j], dA[ar + j], slope);
            dZ[zr + j] = dz;
            if (biasGrad != null) {
                biasGrad[bgOff + j] += dz;
            }
        }
    }
}
