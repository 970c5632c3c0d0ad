package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The three products of a layer with ONE output (n = 1), where a GEMM would pad its NR-wide
 * register tile with 15 zero columns and pack A for nothing: forward dot products, the weight
 * gradient as row-ordered axpys, the input gradient as an outer product. Vectorised along the
 * input width k; sums run in a fixed order, so results do not depend on threads.
 */
public final class SingleOutput {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private SingleOutput() {
    }

    /** x: rows×k, w: k, y: rows. {@code y[r] = Σ_p x[r][p]·w[p] + bias} (activation left to the caller). */
    public static void forward(float[] x, int xOff, float[] w, int wOff, float bias, float[] y, int yOff,
                               int rows, int k) {
        int bound = S.loopBound(k);
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * k;
            float sum = 0f;
            int p = 0;
            if (bound > 0) {
                FloatVector acc = FloatVector.zero(S);
                for (; p < bound; p += L) {
                    acc = FloatVector.fromArray(S, x, row + p).fma(FloatVector.fromArray(S, w, wOff + p), acc);
                }
                sum = Lanes.sum(acc);
            }
            for (; p < k; p++) {
                sum += x[row + p] * w[wOff + p];
            }
            y[yOff + r] = sum + bias;
        }
    }

    /** x: rows×k, dZ: rows, dW: k. {@code dW[p] = Σ_r dZ[r]·x[r][p]}, rows in order (overwrites dW). */
    public static void weightGradient(float[] x, int xOff, float[] dZ, int dZOff, float[] dW, int dWOff,
                                      int rows, int k) {
        java.util.Arrays.fill(dW, dWOff, dWOff + k, 0f);
        int bound = S.loopBound(k);
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * k;
            float d = dZ[dZOff + r];
            int p = 0;
            for (; p < bound; p += L) {
                FloatVector.fromArray(S, x, row + p).fma(FloatVector.broadcast(S, d), FloatVector.fromArray(S, dW, dWOff + p))
                        .intoArray(dW, dWOff + p);
            }
            for (; p < k; p++) {
                dW[dWOff + p] = Math.fma(x[row + p], d, dW[dWOff + p]);
            }
        }
    }

    /** dZ: rows, w: k, dX: rows×k. {@code dX[r][p] = dZ[r]·w[p]}. */
    public static void inputGradient(float[] dZ, int dZOff, float[] w, int wOff, float[] dX, int dXOff,
                                     int rows, int k) {
        int bound = S.loopBound(k);
        for (int r = 0; r < rows; r++) {
            int row = dXOff + r * k;
            float d = dZ[dZOff + r];
            int p = 0;
            for (; p < bound; p += L) {
                FloatVector.fromArray(S, w, wOff + p).mul(d).intoArray(dX, row + p);
            }
            for (; p < k; p++) {
                dX[row + p] = w[wOff + p] * d;
            }
        }
    }
}
