package org.backprop4j.kernel;

/**
 * The reference the kernel is checked against: the textbook triple loop in double precision,
 * plus the error bounds a correct float32 kernel must meet.
 *
 * <p>Products of two floats are exact in double (24 + 24 significant bits &lt; 53), and the
 * double sum's own error is at most k·2^-53 of the magnitude sum, far below float rounding, so
 * the reference is "exact" at float scale. NaN and Inf follow IEEE arithmetic, as a naive float
 * loop would (NaN·0 = NaN, Inf·0 = NaN, Inf − Inf = NaN); BLAS rules decide what is read: beta = 0
 * never reads C, alpha = 0 or k = 0 never reads A and B.
 */
final class NaiveGemm {
    /** Unit roundoff of float32 (round to nearest). */
    static final double U = 0x1p-24;

    private NaiveGemm() {
    }

    /**
     * The C window (m×n, row-major, dense) = alpha·op(A)·op(B) + beta·C in double, and beside it
     * the magnitude |alpha|·Σ_p |op(A)[i][p]·op(B)[p][j]| + |beta·C[i][j]| over the terms read.
     *
     * @return {value, magnitude}
     */
    static double[][] product(GemmCase g, float[] a, float[] b, float[] c) {
        double[] value = new double[g.m() * g.n()];
        double[] magnitude = new double[g.m() * g.n()];
        boolean readAB = g.alpha() != 0f && g.k() > 0;
        double[] rowA = new double[g.k()];
        for (int i = 0; i < g.m(); i++) {
            if (readAB) {
                for (int p = 0; p < g.k(); p++) {
                    rowA[p] = a[g.aIndex(i, p)];
                }
            }
            for (int j = 0; j < g.n(); j++) {
                double sum = 0;
                double abs = 0;
                if (readAB) {
                    for (int p = 0; p < g.k(); p++) {
                        double t = rowA[p] * b[g.bIndex(p, j)];
                        sum += t;
                        abs += Math.abs(t);
                    }
                    sum *= g.alpha();
                    abs *= Math.abs(g.alpha());
                }
                if (g.beta() != 0f) {
                    double t = (double) g.beta() * c[g.cIndex(i, j)];
                    sum += t;
                    abs += Math.abs(t);
                }
                value[i * g.n() + j] = sum;
                magnitude[i * g.n() + j] = abs;
            }
        }
        return new double[][] {value, magnitude};
    }

    /**
     * Worst-case |C − reference| for a float32 GEMM over k terms.
     *
     * <p>Why: C[i][j] is a sum of k + 1 exact terms (k products a·b and beta·c), scaled by alpha.
     * Whatever the summation order (any blocking of K, any tree of partial sums), a term passes
     * through at most k additions; add one rounding for its product (zero with FMA) and one for
     * the alpha (or beta) scaling, so at most k + 2 roundings of relative size u = 2^-24 each.
     * The standard bound (Higham, Accuracy and Stability, §3.1) is then
     * |C − exact| ≤ γ_{k+2} · (|alpha|·Σ|a·b| + |beta·c|), with γ_n = n·u / (1 − n·u).
     * We use γ_{k+3}: the extra u covers the double reference's own error (≤ k·2^-53 relative).
     * The absolute (k + 3)·2^-149 covers roundings that fall into the subnormal range, where
     * float has no relative precision (it never matters for the data used here).
     *
     * <p>This is the proven worst case, not a fudge factor: a correct kernel cannot exceed it,
     * while any indexing, transpose, offset, blocking or scaling mistake produces errors of the
     * order of the magnitude itself, ~10^5 times larger for the k used here.
     */
    static double gemmBound(int k, double magnitude) {
        double nu = (k + 3) * U;
        return nu / (1 - nu) * magnitude + (k + 3) * (double) Float.MIN_VALUE;
    }

    // ---- epilogue reference -------------------------------------------------------------------

    /** The activation in double, on the rule the kernel documents. */
    static double activate(Activation act, float slope, double x) {
        switch (act) {
            case IDENTITY:
                return x;
            case RELU:
                return Math.max(x, 0); // NaN stays NaN, as Math.max and the vector max do
            case LEAKY_RELU:
                return x < 0 ? slope * x : x;
            case SIGMOID:
                return 1 / (1 + Math.exp(-x));
            case TANH:
                return Math.tanh(x);
            default:
                throw new AssertionError(act);
        }
    }

    /** Lipschitz constant of the activation: how far an error in its input can move its output. */
    static double lipschitz(Activation act, float slope) {
        switch (act) {
            case LEAKY_RELU:
                return Math.max(1, Math.abs(slope));
            case SIGMOID:
                return 0.25; // max of s·(1 − s)
            default:
                return 1;
        }
    }

    /**
     * Relative error of the kernel's float evaluation of the activation at an exact input.
     * IDENTITY and RELU are exact; LEAKY_RELU rounds slope·x once (u). TANH: the Vector API
     * promises Math.tanh's accuracy (2.5 ulp of double, i.e. about 0.5 ulp after narrowing to
     * float); we allow one float ulp, ≤ 2u relative. SIGMOID = 1 / (1 + e^-x): e^-x to one float
     * ulp (≤ 2u; Math.exp's contract is tighter), then the add and the divide round once each
     * (u + u), and the e^-x error is damped by e^-x / (1 + e^-x) &lt; 1, so ≤ 4u relative.
     * (Measured on AVX-512, JDK 17 and 25: ≤ 2.3 ulp for sigmoid, ≤ 0.6 ulp for tanh.)
     */
    static double relativeError(Activation act) {
        switch (act) {
            case LEAKY_RELU:
                return U;
            case SIGMOID:
                return 4 * U;
            case TANH:
                return 2 * U;
            default:
                return 0;
        }
    }

    /**
     * Absolute floor: sigmoid of x &lt; −87 is below float's normal range (e^-x may overflow to
     * Inf and the quotient to exactly 0, as the kernel documents), where only an absolute error
     * of at most 2^-126 is meaningful.
     */
    static double absoluteFloor(Activation act) {
        return act == Activation.SIGMOID ? Float.MIN_NORMAL : Float.MIN_VALUE;
    }

    /**
     * Bound for a fused epilogue element act(gemm + bias), against act(exact gemm + bias).
     * The bias add is one more rounding (k + 1 in the GEMM bound, |bias| in the magnitude); the
     * input error e then moves the output by at most lipschitz·e, and the activation's own
     * rounding adds relativeError of the output: |out| ≤ |exact out| + lipschitz·e.
     */
    static double epilogueBound(Activation act, float slope, boolean hasBias, int k,
                                double magnitude, double bias, double exactOut) {
        double inputError = gemmBound(hasBias ? k + 1 : k, magnitude + Math.abs(bias));
        double moved = lipschitz(act, slope) * inputError;
        double rel = relativeError(act);
        return moved + rel * (Math.abs(exactOut) + moved) + absoluteFloor(act);
    }
}
