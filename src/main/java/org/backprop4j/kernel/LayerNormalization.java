package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Layer normalisation of each row of n features, PyTorch's {@code nn.LayerNorm(n)}:
 * {@code y = γ ⊙ (x − μ)·rstd + β} with μ the row mean, σ² the biased row variance and
 * {@code rstd = 1/√(σ² + ε)}. Forward keeps (μ, rstd) per row for backward:
 * <pre>
 * x̂ = (x − μ)·rstd,  ĝ = dy ⊙ γ
 * dx = rstd · (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂))
 * dγ = Σ_rows dy ⊙ x̂,  dβ = Σ_rows dy     (row order: the same bits for any split of the batch)
 * </pre>
 * Vectorised along the row; each row's tail runs the scalar twin of the vector arithmetic, and
 * every sum is a fixed lane tree ({@link Lanes#sum}) plus the tail in order, so a result depends
 * on the row's values and width only.
 */
public final class LayerNormalization {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private LayerNormalization() {
    }

    /**
     * x: rows×n from xOff; γ at p[gOff ..], β at p[bOff ..] (n each); y: rows×n from 0;
     * stats: 2 per row (μ, rstd). {@code lanes}: one vector's scratch ({@link SingleOutput#newScratch()}).
     */
    public static void forward(float[] x, int xOff, float[] p, int gOff, int bOff, float[] y, float[] stats,
                               int rows, int n, float eps, float[] lanes) {
        for (int r = 0; r < rows; r++) {
            forwardRow(x, xOff + r * n, p, gOff, bOff, y, r * n, stats, 2 * r, n, eps, lanes);
        }
    }

    private static void forwardRow(float[] x, int xr, float[] p, int gOff, int bOff, float[] y, int yr,
                                   float[] stats, int s, int n, float eps, float[] lanes) {
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += L) {
            acc = acc.add(FloatVector.fromArray(S, x, xr + j));
        }
        float sum = Lanes.sum(acc, lanes);
        for (; j < n; j++) {
            sum += x[xr + j];
        }
        float mean = sum / n;
        acc = FloatVector.zero(S);
        for (j = 0; j < bound; j += L) {
            FloatVector d = FloatVector.fromArray(S, x, xr + j).sub(mean);
            acc = acc.add(d.mul(d));
        }
        float squares = Lanes.sum(acc, lanes);
        for (; j < n; j++) {
            float d = x[xr + j] - mean;
            squares += d * d;
        }
        float rstd = 1f / (float) Math.sqrt(squares / n + eps);
        stats[s] = mean;
        stats[s + 1] = rstd;
        for (j = 0; j < bound; j += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, xr + j).sub(mean).mul(rstd);
            xhat.mul(FloatVector.fromArray(S, p, gOff + j)).add(FloatVector.fromArray(S, p, bOff + j))
                    .intoArray(y, yr + j);
        }
        for (; j < n; j++) {
            y[yr + j] = (x[xr + j] - mean) * rstd * p[gOff + j] + p[bOff + j];
        }
    }

    /**
     * The backward of {@link #forward} (same x, p, stats): dy rows×n from 0; dx rows×n from 0, or
     * null when nobody needs it; dγ to grads[gOff ..] and dβ to grads[bOff ..], overwritten.
     */
    public static void backward(float[] x, int xOff, float[] p, int gOff, float[] stats, float[] dy, float[] dx,
                                float[] grads, int bOff, int rows, int n, float[] lanes) {
        java.util.Arrays.fill(grads, gOff, gOff + n, 0f);
        java.util.Arrays.fill(grads, bOff, bOff + n, 0f);
        for (int r = 0; r < rows; r++) {
            backwardRow(x, xOff + r * n, p, gOff, stats[2 * r], stats[2 * r + 1], dy, r * n, dx, grads, bOff, n, lanes);
        }
    }

    private static void backwardRow(float[] x, int xr, float[] p, int gOff, float mean, float rstd, float[] dy, int dr,
                                    float[] dx, float[] grads, int bOff, int n, float[] lanes) {
        int bound = S.loopBound(n);
        // parameter gradients, and the two row means that dx needs: Σ ĝ and Σ ĝ ⊙ x̂
        FloatVector sumG = FloatVector.zero(S);
        FloatVector sumGX = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, xr + j).sub(mean).mul(rstd);
            FloatVector d = FloatVector.fromArray(S, dy, dr + j);
            FloatVector.fromArray(S, grads, gOff + j).add(d.mul(xhat)).intoArray(grads, gOff + j);
            FloatVector.fromArray(S, grads, bOff + j).add(d).intoArray(grads, bOff + j);
            FloatVector g = d.mul(FloatVector.fromArray(S, p, gOff + j));
            sumG = sumG.add(g);
            sumGX = sumGX.add(g.mul(xhat));
        }
        float meanG = Lanes.sum(sumG, lanes);
        float meanGX = Lanes.sum(sumGX, lanes);
        for (; j < n; j++) {
            float xhat = (x[xr + j] - mean) * rstd;
            float d = dy[dr + j];
            grads[gOff + j] = grads[gOff + j] + d * xhat;
            grads[bOff + j] = grads[bOff + j] + d;
            float g = d * p[gOff + j];
            meanG += g;
            meanGX += g * xhat;
        }
        if (dx == null) {
            return;
        }
        meanG /= n;
        meanGX /= n;
        for (j = 0; j < bound; j += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, xr + j).sub(mean).mul(rstd);
            FloatVector g = FloatVector.fromArray(S, dy, dr + j).mul(FloatVector.fromArray(S, p, gOff + j));
            g.sub(meanG).sub(xhat.mul(meanGX)).mul(rstd).intoArray(dx, dr + j);
        }
        for (; j < n; j++) {
            float xhat = (x[xr + j] - mean) * rstd;
            float g = dy[dr + j] * p[gOff + j];
            dx[dr + j] = (g - meanG - xhat * meanGX) * rstd;
        }
    }
}
