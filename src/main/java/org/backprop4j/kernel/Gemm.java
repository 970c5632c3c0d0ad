package org.backprop4j.kernel;

import java.util.concurrent.ForkJoinPool;

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

    /**
     * The GEMM configuration chosen for this CPU (register tile, packing, block sizes) and the
     * kernel in use, e.g. {@code "amd-avx512: MR=6 NR=32 KC=1024 MC=126 NC=4096 packA=false grid=true, simd kernel"}.
     */
    public static String configuration() {
        return Blocking.describe() + (GemmDriver.REFERENCE_KERNEL ? ", reference kernel" : ", simd kernel");
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
        if (pool != null) {
            onPool(pool).sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc, epilogue);
            return;
        }
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, epilogue);
        if (m == 0 || n == 0) {
            return;
        }
        GemmDriver.compute(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc, epilogue, 0, m, 0, n);
    }

    /**
     * This thread's reusable parallel GEMM for {@code pool}, its slices packing into their own
     * threads' buffers: a call allocates nothing unless the thread moves to another pool or drops
     * its thread-locals (common-pool workers do when idle; a {@link GemmWorkspace} of one's own
     * avoids both). It cannot be re-entered: a waiting thread
     * only spins, parks or blocks.
     */
    private static GemmWorkspace onPool(ForkJoinPool pool) {
        GemmWorkspace gemm = ON_POOL.get();
        if (gemm == null || gemm.pool() != pool) {
            gemm = new GemmWorkspace(pool, false);
            ON_POOL.set(gemm);
        }
        return gemm;
    }

    private static final ThreadLocal<GemmWorkspace> ON_POOL = new ThreadLocal<>();

    static void check(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, Epilogue epilogue) {
        GemmArgs.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (epilogue == null) {
            throw new IllegalArgumentException("epilogue must not be null (use Epilogue.NONE)");
        }
        GemmArgs.checkBias(epilogue, n);
    }

    /**
     * Whether a product of this shape would be split over a pool of {@code parallelism} threads
     * (smaller ones stay on the calling thread: a fork costs more than it saves).
     */
    public static boolean forks(int m, int n, int k, int parallelism) {
        return GemmDriver.slicesFor(m, n, k, parallelism) > 1;
    }
}
