package org.backprop4j.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;

/**
 * Single-precision GEMM, row-major: {@code C = epilogue(alpha·op(A)·op(B) + beta·C)} where
 * op(A) is m×k, op(B) is k×n and C is m×n.
 *
 * <p>Storage, row-major with leading dimensions:
 * <ul>
 *   <li>A not transposed: {@code op(A)[i][p] = a[aOff + i·lda + p]}, lda ≥ k; transposed (A stored
 *       k×m): {@code op(A)[i][p] = a[aOff + p·lda + i]}, lda ≥ m.</li>
 *   <li>B not transposed: {@code op(B)[p][j] = b[bOff + p·ldb + j]}, ldb ≥ n; transposed (B stored
 *       n×k): {@code op(B)[p][j] = b[bOff + j·ldb + p]}, ldb ≥ k.</li>
 *   <li>{@code C[i][j] = c[cOff + i·ldc + j]}, ldc ≥ n.</li>
 * </ul>
 *
 * <p>BLAS conventions: with beta = 0, C is not read (NaN already in C does not propagate); with
 * alpha = 0 or k = 0, A and B are not read.
 *
 * <p>The arithmetic done for one element of C depends only on m, n, k and the block sizes, never
 * on the thread count: threads own disjoint, tile-aligned slices of C and each slice is computed
 * exactly as the single-threaded loop would compute it. Results are bit-identical for any pool.
 */
public final class Gemm {

    private Gemm() {
    }

    /** Single-threaded {@code C = alpha·op(A)·op(B) + beta·C}. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                Epilogue.NONE, null);
    }

    /**
     * {@code C = epilogue(alpha·op(A)·op(B) + beta·C)}, on {@code pool} when the product is large
     * enough to repay a fork ({@code pool == null}: the calling thread only).
     *
     * @throws IllegalArgumentException naming the argument, when a size is negative, a leading
     *                                  dimension is too small or an array too short; C is untouched
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc,
                             Epilogue epilogue, ForkJoinPool pool) {
        GemmArgs.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (epilogue == null) {
            throw new IllegalArgumentException("epilogue must not be null (use Epilogue.NONE)");
        }
        GemmArgs.checkBias(epilogue, n);
        if (m == 0 || n == 0) {
            return;
        }
        int slices = pool == null ? 1 : GemmDriver.slicesFor(m, n, k, pool.getParallelism());
        if (slices <= 1) {
            GemmDriver.compute(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc, epilogue, 0, m, 0, n);
            return;
        }
        Slice task = new Slice(new Problem(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff,
                ldb, beta, c, cOff, ldc, epilogue, slices), 0, slices);
        if (Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool) {
            task.invoke(); // already inside the pool: run here, forking halves to idle workers
        } else {
            pool.invoke(task);
        }
    }

    /** The arguments of one parallel call, shared read-only by its slices. */
    private record Problem(boolean transA, boolean transB, int m, int n, int k, float alpha,
                           float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float beta, float[] c, int cOff, int ldc, Epilogue epilogue,
                           int slices) {
    }

    /** Slices [from, to) of C, split in halves until one remains. */
    @SuppressWarnings("serial")
    private static final class Slice extends RecursiveAction {
        private final Problem p;
        private final int from;
        private final int to;

        Slice(Problem p, int from, int to) {
            this.p = p;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from > 1) {
                int mid = (from + to) >>> 1;
                Slice right = new Slice(p, mid, to);
                right.fork();
                new Slice(p, from, mid).compute();
                right.join();
                return;
            }
            boolean byRows = GemmDriver.splitRows(p.m, p.n);
            int extent = byRows ? p.m : p.n;
            int lo = GemmDriver.sliceStart(extent, p.slices, byRows, from);
            int hi = GemmDriver.sliceStart(extent, p.slices, byRows, from + 1);
            GemmDriver.compute(p.transA, p.transB, p.m, p.n, p.k, p.alpha, p.a, p.aOff, p.lda,
                    p.b, p.bOff, p.ldb, p.beta, p.c, p.cOff, p.ldc, p.epilogue,
                    byRows ? lo : 0, byRows ? hi : p.m, byRows ? 0 : lo, byRows ? p.n : hi);
        }
    }
}
