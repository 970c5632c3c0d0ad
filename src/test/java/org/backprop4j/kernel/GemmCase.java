package org.backprop4j.kernel;

import java.util.Random;

/**
 * One {@link Gemm#sgemm} call without its data: shape, transposes, scalars, storage layout, and
 * the seed its operands are drawn from. {@code toString} is the name a failing test reports, and
 * contains everything needed to replay the case.
 *
 * @param tail extra elements after the last one the call may touch (0: arrays end exactly there,
 *             so a vector load or store past the end of a row tail would throw)
 */
record GemmCase(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
                int aOff, int lda, int bOff, int ldb, int cOff, int ldc, int tail, long seed) {

    /** Offset 0, leading dimensions equal to the stored widths, arrays exactly as long as needed. */
    static GemmCase tight(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float beta, long seed) {
        return new GemmCase(transA, transB, m, n, k, alpha, beta,
                0, Math.max(1, transA ? m : k), 0, Math.max(1, transB ? k : n), 0, Math.max(1, n),
                0, seed);
    }

    /**
     * Offsets in [1, 9] and leading dimensions 1..9 larger than the stored widths (awkward for any
     * vector length), drawn from the seed so the case replays exactly.
     */
    static GemmCase padded(boolean transA, boolean transB, int m, int n, int k, float alpha,
                           float beta, long seed) {
        Random r = new Random(seed ^ 0x5DEECE66DL);
        return new GemmCase(transA, transB, m, n, k, alpha, beta,
                1 + r.nextInt(9), (transA ? m : k) + 1 + r.nextInt(9),
                1 + r.nextInt(9), (transB ? k : n) + 1 + r.nextInt(9),
                1 + r.nextInt(9), n + 1 + r.nextInt(9),
                r.nextInt(3) * 5, seed);
    }

    GemmCase withScalars(float newAlpha, float newBeta) {
        return new GemmCase(transA, transB, m, n, k, newAlpha, newBeta, aOff, lda, bOff, ldb, cOff,
                ldc, tail, seed);
    }

    int aRows() {
        return transA ? k : m;
    }

    int aCols() {
        return transA ? m : k;
    }

    int bRows() {
        return transB ? n : k;
    }

    int bCols() {
        return transB ? k : n;
    }

    int aLength() {
        return extent(aOff, lda, aRows(), aCols()) + tail;
    }

    int bLength() {
        return extent(bOff, ldb, bRows(), bCols()) + tail;
    }

    int cLength() {
        return extent(cOff, ldc, m, n) + tail;
    }

    /** One past the last element of a rows×cols matrix stored from off with leading dimension ld. */
    static int extent(int off, int ld, int rows, int cols) {
        return rows == 0 || cols == 0 ? off : off + (rows - 1) * ld + cols;
    }

    /** Index in {@code a} of op(A)[i][p]. */
    int aIndex(int i, int p) {
        return transA ? aOff + p * lda + i : aOff + i * lda + p;
    }

    /** Index in {@code b} of op(B)[p][j]. */
    int bIndex(int p, int j) {
        return transB ? bOff + j * ldb + p : bOff + p * ldb + j;
    }

    /** Index in {@code c} of C[i][j]. */
    int cIndex(int i, int j) {
        return cOff + i * ldc + j;
    }

    boolean inCWindow(int index) {
        int rel = index - cOff;
        return rel >= 0 && rel / ldc < m && rel % ldc < n;
    }

    String ops() {
        return (transA ? "T" : "N") + (transB ? "T" : "N");
    }

    @Override
    public String toString() {
        return ops() + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha + " beta=" + beta
                + " | aOff=" + aOff + " lda=" + lda + " bOff=" + bOff + " ldb=" + ldb
                + " cOff=" + cOff + " ldc=" + ldc + " tail=" + tail + " seed=" + seed;
    }
}
