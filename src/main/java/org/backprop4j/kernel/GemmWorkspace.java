package org.backprop4j.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;

/**
 * {@link Gemm#sgemm} with its scratch in hand: packing buffers (one set per slice of C) and, on a
 * pool, the fork tasks and the call's arguments, all made once and reused call after call, so a
 * call allocates nothing. Owning them here rather than per thread matters on pools whose workers
 * drop their thread-locals whenever they go idle (the common pool does), where per-thread packing
 * buffers, megabytes for a wide layer, were made again at every training step.
 *
 * <p>Same bits as {@link Gemm#sgemm} for any pool. One call at a time: give each thread (or each
 * training shard) its own.
 */
public final class GemmWorkspace {
    private final ForkJoinPool pool;
    private final Parallel region;
    /** [s]: slice s's packing buffers; null: each slice uses its thread's (Gemm's casual calls). */
    private GemmDriver.Buffers[] buffers;
    private final IntConsumer slice = this::computeSlice; // made once: a method reference allocates where it is evaluated

    // the call in progress, read by the slices
    private boolean transA;
    private boolean transB;
    private int m;
    private int n;
    private int k;
    private float alpha;
    private float[] a;
    private int aOff;
    private int lda;
    private float[] b;
    private int bOff;
    private int ldb;
    private float beta;
    private float[] c;
    private int cOff;
    private int ldc;
    private Epilogue epilogue;
    private int rowSlices;
    private int colSlices;

    /** Scratch for products on {@code pool}, or on the calling thread only when pool is null. */
    public GemmWorkspace(ForkJoinPool pool) {
        this(pool, true);
    }

    /**
     * With {@code ownBuffers} false the slices use their threads' buffers: {@link Gemm#sgemm}'s
     * per-thread cache of these, where buffers per slice would be megabytes made again whenever a
     * thread moves to another pool, and held once per calling thread and slice.
     */
    GemmWorkspace(ForkJoinPool pool, boolean ownBuffers) {
        this.region = pool == null ? null : new Parallel(pool);
        this.pool = pool;
        this.buffers = ownBuffers ? new GemmDriver.Buffers[] {new GemmDriver.Buffers()} : null;
    }

    /** The pool the products fork onto, or null. */
    public ForkJoinPool pool() {
        return pool;
    }

    /**
     * {@code C = epilogue(alpha·op(A)·op(B) + beta·C)}, arguments as {@link Gemm#sgemm}; split over
     * the pool when the product is large enough to repay a fork (see {@link Gemm#forks}).
     *
     * @throws IllegalArgumentException naming the argument, as {@link Gemm#sgemm}; C is untouched
     */
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc, Epilogue epilogue) {
        Gemm.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, epilogue);
        if (m == 0 || n == 0) {
            return;
        }
        int most = pool == null ? 1 : GemmDriver.maxSlices(m, n, k, pool.getParallelism());
        int rows = GemmDriver.rowSlices(m, n, k, most);
        int cols = GemmDriver.colSlices(n, rows, most);
        int count = rows * cols;
        if (count <= 1) {
            GemmDriver.compute(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc, epilogue, 0, m, 0, n, buffers(0));
            return;
        }
        if (buffers != null && buffers.length < count) {
            GemmDriver.Buffers[] grown = java.util.Arrays.copyOf(buffers, count);
            for (int s = buffers.length; s < count; s++) {
                grown[s] = new GemmDriver.Buffers();
            }
            buffers = grown;
        }
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
        this.rowSlices = rows;
        this.colSlices = cols;
        try {
            region.run(count, slice);
        } finally { // the caller's arrays are not kept alive
            this.a = null;
            this.b = null;
            this.c = null;
            this.epilogue = null;
        }
    }

    /** Slice s, a cell of the rows × columns grid, computes its part of C as the single-threaded loop would. */
    private void computeSlice(int s) {
        int r = s / colSlices;
        int q = s % colSlices;
        GemmDriver.compute(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta,
                c, cOff, ldc, epilogue,
                GemmDriver.sliceStart(m, rowSlices, true, r), GemmDriver.sliceStart(m, rowSlices, true, r + 1),
                GemmDriver.sliceStart(n, colSlices, false, q), GemmDriver.sliceStart(n, colSlices, false, q + 1),
                buffers(s));
    }

    private GemmDriver.Buffers buffers(int slice) {
        return buffers == null ? GemmDriver.threadBuffers() : buffers[slice];
    }
}
