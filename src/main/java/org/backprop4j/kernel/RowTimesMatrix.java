package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code y = x·W + b} for a handful of rows (inference on one sample): W streamed once, row by
 * row, as axpys along the output width. A packing GEMM would copy all of W first, doubling the
 * memory traffic that bounds this case.
 */
public final class RowTimesMatrix {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private RowTimesMatrix() {
    }

    /** x: rows×k, W: k×n (row-major), b: n, y: rows×n. {@code y[r][j] = b[j] + Σ_p x[r][p]·W[p][j]}, p in order. */
    public static void forward(float[] x, int xOff, int rows, int k, float[] w, int wOff, float[] b, int bOff,
                               float[] y, int yOff, int n) {
        int bound = S.loopBound(n);
        for (int r = 0; r < rows; r++) {
            int yr = yOff + r * n;
            System.arraycopy(b, bOff, y, yr, n);
            for (int p = 0; p < k; p++) {
                float xp = x[xOff + r * k + p];
                if (xp == 0f) {
                    continue; // adds exactly 0 (W finite): skipping keeps the result bit-identical
                }
                FloatVector xv = FloatVector.broadcast(S, xp);
                int wr = wOff + p * n;
                int j = 0;
                for (; j < bound; j += L) {
                    xv.fma(FloatVector.fromArray(S, w, wr + j), FloatVector.fromArray(S, y, yr + j))
                            .intoArray(y, yr + j);
                }
                for (; j < n; j++) {
                    y[yr + j] = Math.fma(xp, w[wr + j], y[yr + j]);
                }
            }
        }
    }
}
