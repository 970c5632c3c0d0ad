package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused epilogue against the unfused reference: the GEMM in double, then + bias[j] and the
 * activation in double. Tolerance: {@link NaiveGemm#epilogueBound} (the GEMM bound with the bias
 * add as one more rounding, moved through the activation's Lipschitz constant, plus the
 * activation's own float error: 0 for identity/relu, u for leaky, 2u tanh, 4u sigmoid, relative).
 * k = 513 spans three K blocks, so an epilogue applied per K block instead of once at the end
 * fails; a bias offset > 0 with a bias array ending exactly at the last column catches both a
 * wrong column origin and a vector load past its end.
 */
class GemmEpilogueTest {
    private static final float LEAKY_SLOPE = 0.1f;
    private static final int BIAS_OFFSET = 3;
    private static ForkJoinPool pool;

    @BeforeAll
    static void startPool() {
        pool = new ForkJoinPool(3);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    /** One fused call: the GEMM, the activation, and whether a bias is added. */
    record Fused(GemmCase g, Activation act, boolean hasBias) {
        @Override
        public String toString() {
            return act + (hasBias ? " + bias" : " no bias") + " | " + g;
        }
    }

    static Stream<Fused> fusedCases() {
        int[][] shapes = {{13, 45, 513}, {33, 17, 7}, {150, 37, 100}};
        List<Fused> out = new ArrayList<>();
        long seed = 100;
        for (Activation act : Activation.values()) {
            for (boolean hasBias : new boolean[] {true, false}) {
                for (float beta : new float[] {0f, 1.5f}) {
                    for (int[] s : shapes) {
                        for (int t = 0; t < 4; t++) {
                            out.add(new Fused(GemmCase.padded(t >= 2, t % 2 == 1, s[0], s[1], s[2],
                                    -0.75f, beta, seed++), act, hasBias));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fusedCases")
    void fusedEpilogueMatchesGemmThenBiasAndActivation(Fused f) {
        checkFused(f, null);
    }

    /**
     * Threads split C by rows (m > n) or by columns (n > m); each column slice must index the
     * bias from its own first column, not from 0.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Activation.class)
    void fusedEpilogueIsCorrectWhenThreadsSplitRowsOrColumns(Activation act) {
        checkFused(new Fused(GemmCase.padded(false, false, 64, 1000, 300, 1f, 1.5f, 5), act, true),
                pool);
        checkFused(new Fused(GemmCase.padded(true, true, 1000, 64, 300, 1f, 0f, 6), act, true),
                pool);
    }

    /**
     * Pre-activations up to ±~200: e^-x overflows to Inf for x &lt; −88.7 and sigmoid must be 0
     * there (not NaN), 1 at the other end; tanh must reach ±1.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Activation.class, names = {"SIGMOID", "TANH"})
    void sigmoidAndTanhSaturateForHugeInputs(Activation act) {
        GemmCase g = GemmCase.padded(false, true, 7, 40, 16, 100f, 0f, 11);
        double[] pre = checkFused(new Fused(g, act, true), null);
        assertThat(Arrays2.min(pre)).as("some pre-activation overflows e^-x").isLessThan(-89);
        assertThat(Arrays2.max(pre)).as("some pre-activation saturates high").isGreaterThan(89);
    }

    /**
     * Runs one fused call and compares it to the unfused double reference.
     *
     * @return the reference pre-activations (gemm + bias), for extra assertions
     */
    static double[] checkFused(Fused f, ForkJoinPool onPool) {
        GemmCase g = f.g();
        GemmOperands ops = GemmOperands.random(g);
        Random r = new Random(g.seed() + 1);
        float[] bias = new float[BIAS_OFFSET + g.n()]; // ends exactly at the last column
        for (int j = 0; j < bias.length; j++) {
            bias[j] = GemmOperands.uniform(r);
        }
        Epilogue e = f.hasBias() ? Epilogue.of(bias, BIAS_OFFSET, f.act(), LEAKY_SLOPE)
                : new Epilogue(f.act(), LEAKY_SLOPE, null, 0);
        double[] pre = ops.reference();
        double[] magnitude = ops.magnitude();
        double[] expected = new double[pre.length];
        double[] biasOf = new double[pre.length];
        for (int x = 0; x < pre.length; x++) {
            biasOf[x] = f.hasBias() ? bias[BIAS_OFFSET + x % g.n()] : 0;
            pre[x] += biasOf[x];
            expected[x] = NaiveGemm.activate(f.act(), LEAKY_SLOPE, pre[x]);
        }
        float[] biasBefore = bias.clone();

        ops.sgemm(e, onPool);

        GemmAssertions.assertWindowMatches(f.act() + (f.hasBias() ? " + bias" : "")
                        + (onPool == null ? "" : " on " + onPool.getParallelism() + " threads"),
                g, ops.c, expected, x -> NaiveGemm.epilogueBound(f.act(), LEAKY_SLOPE,
                        f.hasBias(), g.k(), magnitude[x], biasOf[x], expected[x]));
        ops.assertOutsideWindowUntouched();
        ops.assertInputsUntouched();
        GemmAssertions.assertSameBits("bias modified", biasBefore, bias);
        return pre;
    }

    /** Tiny helpers kept here rather than pulling in a stream per assertion. */
    static final class Arrays2 {
        static double min(double[] v) {
            double m = Double.POSITIVE_INFINITY;
            for (double x : v) {
                m = Math.min(m, x);
            }
            return m;
        }

        static double max(double[] v) {
            double m = Double.NEGATIVE_INFINITY;
            for (double x : v) {
                m = Math.max(m, x);
            }
            return m;
        }
    }
}
