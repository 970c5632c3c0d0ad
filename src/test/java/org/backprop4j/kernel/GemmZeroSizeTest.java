package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Empty products. m = 0 or n = 0: nothing to compute, C untouched, empty A/B arrays accepted.
 * k = 0: op(A)·op(B) is the zero matrix, so C = epilogue(beta·C) without reading A or B (here
 * empty arrays); beta = 0 must not read C either (NaN in C gives epilogue(0)).
 */
class GemmZeroSizeTest {
    private static final float[] EMPTY = new float[0];
    private static ForkJoinPool pool;

    @BeforeAll
    static void startPool() {
        pool = new ForkJoinPool(2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void zeroRowsOrColumnsLeaveCUntouched() {
        float[] c = {1f, 2f, 3f, Float.NaN};
        float[] before = c.clone();
        float[] a = new float[20];
        float[] b = new float[20];
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                // m = 0: A (and C) have no rows
                Gemm.sgemm(ta, tb, 0, 3, 4, 1f, EMPTY, 0, ta ? 1 : 4, b, 0, tb ? 4 : 3, 0f,
                        c, 1, 3, Epilogue.of(Activation.SIGMOID), pool);
                // n = 0: B and C have no columns
                Gemm.sgemm(ta, tb, 3, 0, 4, 1f, a, 0, ta ? 3 : 4, EMPTY, 0, tb ? 4 : 1, 0f,
                        c, 0, 1, Epilogue.of(Activation.SIGMOID), null);
                // both, plain overload
                Gemm.sgemm(ta, tb, 0, 0, 4, 1f, EMPTY, 0, 4, EMPTY, 0, 4, 0f, EMPTY, 0, 1);
            }
        }
        GemmAssertions.assertSameBits("C after m = 0 / n = 0 calls", before, c);
    }

    /** k = 0 with beta ∈ {0, 1, −0.75}, with and without a fused bias + activation, on 1 and 2 threads. */
    @ParameterizedTest(name = "beta={0}")
    @ValueSource(floats = {0f, 1f, -0.75f})
    void zeroInnerDimensionGivesEpilogueOfBetaTimesC(float beta) {
        int m = 9;
        int n = 70; // several NR-wide column tiles, each needing its own bias columns
        int biasOff = 4;
        float[] bias = new float[biasOff + n];
        for (int j = 0; j < bias.length; j++) {
            bias[j] = (j % 7) * 0.25f - 0.75f;
        }
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (Epilogue e : new Epilogue[] {Epilogue.NONE,
                        Epilogue.of(bias, biasOff, Activation.RELU, 0f),
                        Epilogue.of(bias, biasOff, Activation.TANH, 0f),
                        Epilogue.of(Activation.SIGMOID)}) {
                    for (ForkJoinPool on : new ForkJoinPool[] {null, pool}) {
                        checkKZero(ta, tb, m, n, beta, e, on);
                    }
                }
            }
        }
    }

    private static void checkKZero(boolean ta, boolean tb, int m, int n, float beta, Epilogue e,
                                   ForkJoinPool on) {
        int cOff = 3;
        int ldc = n + 5;
        float[] c = new float[cOff + m * ldc];
        Arrays.fill(c, GemmOperands.C_SENTINEL);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * ldc + j] = beta == 0f ? Float.NaN : (i - j) * 0.125f;
            }
        }
        float[] before = c.clone();
        // k = 0: A is m×0 (or 0×m) and B 0×n (or n×0); both may be empty arrays.
        Gemm.sgemm(ta, tb, m, n, 0, 1.5f, EMPTY, 0, ta ? m : 1, EMPTY, 0, tb ? 1 : n, beta,
                c, cOff, ldc, e, on);
        String what = "k=0 beta=" + beta + " ta=" + ta + " tb=" + tb + " " + e.activation()
                + (e.bias() == null ? "" : "+bias") + (on == null ? "" : " on pool");
        for (int x = 0; x < c.length; x++) {
            int i = (x - cOff) / ldc;
            int j = (x - cOff) % ldc;
            if (x < cOff || j >= n) {
                assertThat(Float.floatToRawIntBits(c[x])).as("%s: c[%d] outside C", what, x)
                        .isEqualTo(Float.floatToRawIntBits(before[x]));
                continue;
            }
            double scaled = beta == 0f ? 0 : (double) beta * before[x];
            double bias = e.bias() == null ? 0 : e.bias()[e.biasOffset() + j];
            double want = NaiveGemm.activate(e.activation(), e.slope(), scaled + bias);
            // beta·c and + bias round once each: the GEMM bound with k = 0 covers both.
            double tol = NaiveGemm.epilogueBound(e.activation(), e.slope(), e.bias() != null, 0,
                    Math.abs(scaled), bias, want);
            assertThat((double) c[x]).as("%s: C[%d][%d]", what, i, j)
                    .isCloseTo(want, Offset.offset(tol));
        }
    }
}
