package org.backprop4j.kernel;

/**
 * Losses and their gradients, one pass each. Matrices are rows×cols row-major (leading dimension
 * cols). Every function returns the SUM over rows of the per-row loss (double, rows in order) and
 * writes the gradient times {@code scale}; the caller picks scale (e.g. 1/N for a batch of N split
 * into shards) so shards of one batch produce the batch-mean gradient. Logs are clipped, so no
 * function ever takes log(0): probabilities are clamped to [1e-7, 1 − 1e-7] (nnfs). The fused
 * softmax and sigmoid gradients, scaled by 1/N, would turn a probability a little above
 * {@code Float.MIN_NORMAL} into a subnormal: they are flushed to 0 ({@link Subnormals}).
 */
public final class LossGradients {
    /** Smallest probability a log is taken of. */
    public static final float CLIP = 1e-7f;

    private LossGradients() {
    }

    /**
     * Softmax output p, integer labels: loss {@code −log(max(p[i][label_i], 1e-7))} per row;
     * gradient w.r.t. the softmax INPUT {@code dZ = (p − onehot)·scale}. dZ may alias p.
     */
    public static double softmaxCrossEntropy(float[] p, int pOff, int[] labels, int lOff,
                                             float[] dZ, int dOff, int rows, int cols, float scale) {
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int pr = pOff + r * cols;
            int dr = dOff + r * cols;
            int label = labels[lOff + r];
            loss -= Math.log(Math.max(p[pr + label], CLIP));
            for (int j = 0; j < cols; j++) {
                dZ[dr + j] = outputMinusTarget(p[pr + j], 0f, scale);
            }
            dZ[dr + label] = outputMinusTarget(p[pr + label], 1f, scale);
        }
        return loss;
    }

    /**
     * Softmax output p, target distribution t (one-hot or soft, rows summing to 1): loss
     * {@code −Σ_j t·log(max(p, 1e-7))} per row; {@code dZ = (p − t)·scale}. dZ may alias p.
     */
    public static double softmaxCrossEntropy(float[] p, int pOff, float[] t, int tOff,
                                             float[] dZ, int dOff, int rows, int cols, float scale) {
        return crossEntropy(p, pOff, t, tOff, dZ, dOff, rows * cols, scale, true);
    }

    /**
     * Probabilities p not produced by a fused softmax: loss as the target-distribution overload;
     * gradient w.r.t. p {@code dA = −t / max(p, 1e-7) · scale}.
     */
    public static double crossEntropy(float[] p, int pOff, float[] t, int tOff,
                                      float[] dA, int dOff, int rows, int cols, float scale) {
        return crossEntropy(p, pOff, t, tOff, dA, dOff, rows * cols, scale, false);
    }

    /** The two above: the gradient w.r.t. the softmax input when {@code fused}, else w.r.t. p. */
    private static double crossEntropy(float[] p, int pOff, float[] t, int tOff, float[] d, int dOff, int n,
                                       float scale, boolean fused) {
        double loss = 0;
        for (int i = 0; i < n; i++) {
            float pi = p[pOff + i];
            float ti = t[tOff + i];
            float clipped = Math.max(pi, CLIP);
            if (ti != 0f) {
                loss -= ti * Math.log(clipped);
            }
            d[dOff + i] = fused ? outputMinusTarget(pi, ti, scale) : -ti / clipped * scale;
        }
        return loss;
    }

    /**
     * Sigmoid output y, targets t in [0, 1]: loss per row is the mean over cols of
     * {@code −(t·log(c) + (1−t)·log(1−c))}, c = y clipped to [1e-7, 1−1e-7]; gradient w.r.t. the
     * sigmoid INPUT {@code dZ = (y − t)·scale} (use scale = 1/(N·cols)). dZ may alias y.
     */
    public static double sigmoidBinaryCrossEntropy(float[] y, int yOff, float[] t, int tOff,
                                                   float[] dZ, int dOff, int rows, int cols, float scale) {
        return binaryCrossEntropy(y, yOff, t, tOff, dZ, dOff, rows, cols, scale, true);
    }

    /**
     * {@code (y − t)·scale}, flushed: the gradient, with respect to its input, of softmax with
     * cross-entropy and of sigmoid with binary cross-entropy; one element, inside each loss's own
     * single pass.
     */
    private static float outputMinusTarget(float y, float t, float scale) {
        return Subnormals.flush((y - t) * scale);
    }

    /**
     * Binary cross-entropy on outputs y not produced by a fused sigmoid: loss as
     * {@link #sigmoidBinaryCrossEntropy}; gradient w.r.t. y
     * {@code dA = −(t/c − (1−t)/(1−c))·scale}, c the clipped y.
     */
    public static double binaryCrossEntropy(float[] y, int yOff, float[] t, int tOff,
                                            float[] dA, int dOff, int rows, int cols, float scale) {
        return binaryCrossEntropy(y, yOff, t, tOff, dA, dOff, rows, cols, scale, false);
    }

    /** The two above: the gradient w.r.t. the sigmoid input when {@code fused}, else w.r.t. y. */
    private static double binaryCrossEntropy(float[] y, int yOff, float[] t, int tOff, float[] d, int dOff,
                                             int rows, int cols, float scale, boolean fused) {
        double loss = 0;
        for (int i = 0, n = rows * cols; i < n; i++) {
            float yi = y[yOff + i];
            float ti = t[tOff + i];
            float c = clip(yi);
            loss += binaryCrossEntropy(yi, ti);
            d[dOff + i] = fused ? outputMinusTarget(yi, ti, scale) : -(ti / c - (1f - ti) / (1f - c)) * scale;
        }
        return loss / cols;
    }

    /**
     * Mean squared error: loss per row {@code mean_j (y − t)²}; gradient w.r.t. y
     * {@code dA = 2(y − t)·scale} (use scale = 1/(N·cols)). dA may alias y.
     */
    public static double meanSquaredError(float[] y, int yOff, float[] t, int tOff,
                                          float[] dA, int dOff, int rows, int cols, float scale) {
        double loss = 0;
        for (int i = 0, n = rows * cols; i < n; i++) {
            float d = y[yOff + i] - t[tOff + i];
            loss += (double) d * d;
            dA[dOff + i] = Subnormals.flush(2f * d * scale);
        }
        return loss / cols;
    }

    private static float clip(float p) {
        return Math.min(Math.max(p, CLIP), 1f - CLIP);
    }

    private static double binaryCrossEntropy(float y, float t) {
        float c = clip(y);
        // Hard 0/1 targets (the usual case) need one log, not two.
        double loss = 0;
        if (t != 0f) {
            loss -= t * Math.log(c);
        }
        if (t != 1f) {
            loss -= (1f - t) * Math.log(1f - c);
        }
        return loss;
    }
}
