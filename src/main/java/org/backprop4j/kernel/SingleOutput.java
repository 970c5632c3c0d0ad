package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The three products of a layer with ONE output (n = 1), where a GEMM would pad its NR-wide
 * register tile with 15 zero columns and pack A for nothing: forward dot products, the weight
 * gradient as row-ordered axpys, the input gradient as an outer product. Vectorised along the
 * input width k; sums run in a fixed order, so results do not depend on threads or the JIT.
 *
 * <p>Each function calls a one-row method per row: the JIT compiles such a method after a few
 * calls of the function, where a loop over all rows, called once per training step, would run
 * as slow interpreted Vector API code for hundreds of steps (a small model's whole warm-up).
 */
public final class SingleOutput {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private SingleOutput() {
    }

    /**
     * x: rows×k, w: k, y: rows. {@code y[r] = act(Σ_p x[r][p]·w[p] + bias)}, the activation done
     * by its scalar twin (bit-identical to {@link BiasActivation}'s vector form).
     */
    public static void forward(float[] x, int xOff, float[] w, int wOff, float bias, float[] y, int yOff,
                               int rows, int k, Activation act, float slope) {
        forward(x, xOff, w, wOff, bias, y, yOff, rows, k, act, slope, Lanes.scratch());
    }

    /**
     * {@link #forward(float[], int, float[], int, float, float[], int, int, int, Activation, float)}
     * with the caller's scratch from {@link #newScratch()} (per thread or per workspace): no
     * thread-local, which some pools' workers drop whenever they go idle.
     */
    public static void forward(float[] x, int xOff, float[] w, int wOff, float bias, float[] y, int yOff,
                               int rows, int k, Activation act, float slope, float[] lanes) {
        if (lanes == null || lanes.length < L) {
            throw new IllegalArgumentException("lane scratch needs " + L + " floats, has "
                    + (lanes == null ? "none" : lanes.length));
        }
        for (int r = 0; r < rows; r++) {
            y[yOff + r] = act.apply(dot(x, xOff + r * k, w, wOff, k, lanes) + bias, slope);
        }
    }

    /** Scratch for {@link #forward(float[], int, float[], int, float, float[], int, int, int, Activation, float, float[])}: one vector's lanes. */
    public static float[] newScratch() {
        return new float[L];
    }

    /** Σ_p x[p]·w[p]: lane-wise FMAs, a fixed pairwise sum of the lanes, then the tail in order. */
    static float dot(float[] x, int xOff, float[] w, int wOff, int k, float[] lanes) {
        int bound = S.loopBound(k);
        float sum = 0f;
        int p = 0;
        if (bound > 0) {
            FloatVector acc = FloatVector.zero(S);
            for (; p < bound; p += L) {
                acc = FloatVector.fromArray(S, x, xOff + p).fma(FloatVector.fromArray(S, w, wOff + p), acc);
            }
            sum = Lanes.sum(acc, lanes);
        }
        for (; p < k; p++) {
            sum += x[xOff + p] * w[wOff + p];
        }
        return sum;
    }

    /** x: rows×k, dZ: rows, dW: k. {@code dW[p] = Σ_r dZ[r]·x[r][p]}, rows in order (overwrites dW). */
    public static void weightGradient(float[] x, int xOff, float[] dZ, int dZOff, float[] dW, int dWOff,
                                      int rows, int k) {
        java.util.Arrays.fill(dW, dWOff, dWOff + k, 0f);
        for (int r = 0; r < rows; r++) {
            axpy(dZ[dZOff + r], x, xOff + r * k, dW, dWOff, k);
        }
    }

    /** y[p] = fma(x[p], d, y[p]) for p &lt; k. */
    private static void axpy(float d, float[] x, int xOff, float[] y, int yOff, int k) {
        int bound = S.loopBound(k);
        int p = 0;
        for (; p < bound; p += L) {
            FloatVector.fromArray(S, x, xOff + p).fma(FloatVector.broadcast(S, d), FloatVector.fromArray(S, y, yOff + p))
                    .intoArray(y, yOff + p);
        }
        for (; p < k; p++) {
            y[yOff + p] = Math.fma(x[xOff + p], d, y[yOff + p]);
        }
    }

    /** dZ: rows, w: k, dX: rows×k. {@code dX[r][p] = dZ[r]·w[p]}. */
    public static void inputGradient(float[] dZ, int dZOff, float[] w, int wOff, float[] dX, int dXOff,
                                     int rows, int k) {
        for (int r = 0; r < rows; r++) {
            scale(dZ[dZOff + r], w, wOff, dX, dXOff + r * k, k);
        }
    }

    /** y[p] = x[p]·d for p &lt; k. */
    private static void scale(float d, float[] x, int xOff, float[] y, int yOff, int k) {
        int bound = S.loopBound(k);
        int p = 0;
        for (; p < bound; p += L) {
            FloatVector.fromArray(S, x, xOff + p).mul(d).intoArray(y, yOff + p);
        }
        for (; p < k; p++) {
            y[yOff + p] = x[xOff + p] * d;
        }
    }
}
