package org.backprop4j.kernel;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;

/**
 * The arrays of one {@link GemmCase}: the matrices hold data, everything around them holds
 * sentinels, and copies of the originals are kept for the "untouched" checks.
 */
final class GemmOperands {
    /**
     * Fills A and B outside op(A), op(B), and whatever the BLAS rules say is not read (A and B when
     * alpha = 0, C when beta = 0): a NaN, so any stray read shows up as NaN in C.
     */
    static final float POISON = Float.intBitsToFloat(0x7fc0dead);
    /**
     * Fills C outside the m×n window. Finite and negative, so a stray write changes it whatever
     * the kernel writes (a NaN could survive NaN arithmetic with its payload; RELU would map a
     * stray write of a negative value to 0, not to itself).
     */
    static final float C_SENTINEL = -4242.25f;

    final GemmCase g;
    final float[] a;
    final float[] b;
    final float[] c;
    private final float[] a0;
    private final float[] b0;
    private final float[] c0;
    /** {reference, magnitude}, computed on first use; reset when a setter changes the data. */
    private double[][] reference;

    private GemmOperands(GemmCase g, float[] a, float[] b, float[] c) {
        this.g = g;
        this.a = a;
        this.b = b;
        this.c = c;
        this.a0 = a.clone();
        this.b0 = b.clone();
        this.c0 = c.clone();
    }

    /** Uniform values in [-1, 1) from the case's seed; unread operands poisoned (see POISON). */
    static GemmOperands random(GemmCase g) {
        Random r = new Random(g.seed());
        float[] a = new float[g.aLength()];
        float[] b = new float[g.bLength()];
        float[] c = new float[g.cLength()];
        Arrays.fill(a, POISON);
        Arrays.fill(b, POISON);
        Arrays.fill(c, C_SENTINEL);
        boolean readAB = g.alpha() != 0f;
        for (int i = 0; i < g.m(); i++) {
            for (int p = 0; p < g.k(); p++) {
                a[g.aIndex(i, p)] = readAB ? uniform(r) : POISON;
            }
        }
        for (int p = 0; p < g.k(); p++) {
            for (int j = 0; j < g.n(); j++) {
                b[g.bIndex(p, j)] = readAB ? uniform(r) : POISON;
            }
        }
        for (int i = 0; i < g.m(); i++) {
            for (int j = 0; j < g.n(); j++) {
                c[g.cIndex(i, j)] = g.beta() != 0f ? uniform(r) : POISON;
            }
        }
        return new GemmOperands(g, a, b, c);
    }

    /** Uniform in [-1, 1); exact in float (nextFloat is a multiple of 2^-24). */
    static float uniform(Random r) {
        return r.nextFloat() * 2f - 1f;
    }

    /** Sets op(A)[i][p] (in the array and in the "before" copy). */
    GemmOperands setA(int i, int p, float v) {
        a[g.aIndex(i, p)] = v;
        a0[g.aIndex(i, p)] = v;
        reference = null;
        return this;
    }

    GemmOperands setB(int p, int j, float v) {
        b[g.bIndex(p, j)] = v;
        b0[g.bIndex(p, j)] = v;
        reference = null;
        return this;
    }

    GemmOperands setC(int i, int j, float v) {
        c[g.cIndex(i, j)] = v;
        c0[g.cIndex(i, j)] = v;
        reference = null;
        return this;
    }

    /** C as it was before the call (a copy). */
    float[] cBefore() {
        return c0.clone();
    }

    /** Runs the plain single-threaded overload on these arrays. */
    void sgemm() {
        Gemm.sgemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), g.alpha(), a, g.aOff(), g.lda(),
                b, g.bOff(), g.ldb(), g.beta(), c, g.cOff(), g.ldc());
    }

    /** Runs the full overload on these arrays. */
    void sgemm(Epilogue e, ForkJoinPool pool) {
        Gemm.sgemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), g.alpha(), a, g.aOff(), g.lda(),
                b, g.bOff(), g.ldb(), g.beta(), c, g.cOff(), g.ldc(), e, pool);
    }

    /** A and B are inputs: not one bit of them may change. */
    void assertInputsUntouched() {
        GemmAssertions.assertSameBits("A modified by the call: " + g, a0, a);
        GemmAssertions.assertSameBits("B modified by the call: " + g, b0, b);
    }

    /** Everything in C outside the m×n window (before cOff, row padding, tail) keeps its bits. */
    void assertOutsideWindowUntouched() {
        GemmAssertions.assertOutsideWindowUntouched(g, c0, c);
    }

    /** The reference C window, from the arrays as they were before the call (see NaiveGemm). */
    double[] reference() {
        return referenceAndMagnitude()[0].clone();
    }

    /** |alpha|·Σ|a·b| + |beta·c| per element, from the arrays as they were before the call. */
    double[] magnitude() {
        return referenceAndMagnitude()[1];
    }

    private double[][] referenceAndMagnitude() {
        if (reference == null) {
            reference = NaiveGemm.product(g, a0, b0, c0);
        }
        return reference;
    }
}
