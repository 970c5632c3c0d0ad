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
        Fork f = new Fork(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                epilogue, slices);
        if (Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool) {
            f.invoke(); // already inside the pool: run here, forking the other slices to idle workers
        } else {
            pool.invoke(f);
        }
    }

    /**
     * Whether a product of this shape would be split over a pool of {@code parallelism} threads
     * (smaller ones stay on the calling thread: a fork costs more than it saves).
     */
    public static boolean forks(int m, int n, int k, int parallelism) {
        return GemmDriver.slicesFor(m, n, k, parallelism) > 1;
    }

    /**
     * One parallel call: its arguments, and the tasks computing slices 1.. of C (slice 0 runs on
     * the thread that runs this task). Every slice is computed exactly as single-threaded. The
     * tasks are new for every call (about 200 bytes): a reused ForkJoinTask can hang its next
     * joiner, because the thread that completed it may still be signalling the last one's.
     */
    @SuppressWarnings("serial")
    private static final class Fork extends RecursiveAction {
        private final boolean transA;
        private final boolean transB;
        private final int m;
        private final int n;
        private final int k;
        private final float alpha;
        private final float[] a;
        private final int aOff;
        private final int lda;
        private final float[] b;
        private final int bOff;
        private final int ldb;
        private final float beta;
        private final float[] c;
        private final int cOff;
        private final int ldc;
        private final Epilogue epilogue;
        private final int slices;

        Fork(boolean transA, boolean transB, int m, int n, int k, float alpha,
             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
             float beta, float[] c, int cOff, int ldc, Epilogue epilogue, int slices) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.epilogue = epilogue;
            this.slices = slices;
        }

        @Override
        protected void compute() {
            Slice[] tasks = new Slice[slices];
            int forked = 1;
            try {
                for (; forked < slices; forked++) {
                    tasks[forked] = new Slice(this, forked);
                    tasks[forked].fork();
                }
                computeSlice(0);
            } finally { // every forked slice is finished before the call returns or throws
                for (int s = forked - 1; s >= 1; s--) {
                    tasks[s].quietlyJoin();
                }
            }
            for (int s = 1; s < slices; s++) {
                if (tasks[s].isCompletedAbnormally()) {
                    rethrow(tasks[s].getException());
                }
            }
        }

        private static void rethrow(Throwable t) {
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(t);
        }

        void computeSlice(int s) {
            boolean byRows = GemmDriver.splitRows(m, n);
            int extent = byRows ? m : n;
            int lo = GemmDriver.sliceStart(extent, slices, byRows, s);
            int hi = GemmDriver.sliceStart(extent, slices, byRows, s + 1);
            GemmDriver.compute(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta,
                    c, cOff, ldc, epilogue, byRows ? lo : 0, byRows ? hi : m, byRows ? 0 : lo,
                    byRows ? n : hi);
        }
    }

    @SuppressWarnings("serial")
    private static final class Slice extends RecursiveAction {
        private final Fork fork;
        private final int index;

        Slice(Fork fork, int index) {
            this.fork = fork;
            this.index = index;
        }

        @Override
        protected void compute() {
            fork.computeSlice(index);
        }
    }
}
