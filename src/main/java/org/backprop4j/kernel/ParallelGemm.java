package org.backprop4j.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;

/**
 * {@link Gemm#sgemm} on a ForkJoinPool with no allocation per call: the call's arguments and
 * its fork tasks live in this object, which is reused call after call (one per thread, see
 * {@link Gemm}). Same bits as the single-threaded product, for any pool. One call at a time.
 */
final class ParallelGemm {
    private final ForkJoinPool pool;
    private final Parallel region;
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
    private int slices;

    ParallelGemm(ForkJoinPool pool) {
        this.region = new Parallel(pool);
        this.pool = pool;
    }

    /** The pool the products fork onto. */
    ForkJoinPool pool() {
        return pool;
    }

    /** As {@link Gemm#sgemm}: split over the pool when the product is large enough to repay a fork. */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc, Epilogue epilogue) {
        Gemm.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, epilogue);
        if (m == 0 || n == 0) {
            return;
        }
        int count = GemmDriver.slicesFor(m, n, k, pool.getParallelism());
        if (count <= 1) {
            GemmDriver.compute(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc, epilogue, 0, m, 0, n);
            return;
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
        this.slices = count;
        try {
            region.run(count, slice);
        } finally { // the caller's arrays are not kept alive
            this.a = null;
            this.b = null;
            this.c = null;
            this.epilogue = null;
        }
    }

    /** Slice s computes its part of C exactly as the single-threaded loop would. */
    private void computeSlice(int s) {
        boolean byRows = GemmDriver.splitRows(m, n);
        int extent = byRows ? m : n;
        int lo = GemmDriver.sliceStart(extent, slices, byRows, s);
        int hi = GemmDriver.sliceStart(extent, slices, byRows, s + 1);
        GemmDriver.compute(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta,
                c, cOff, ldc, epilogue, byRows ? lo : 0, byRows ? hi : m, byRows ? 0 : lo,
                byRows ? n : hi);
    }
}
