package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NaN and Inf: propagated exactly as the naive loop propagates them (IEEE: NaN·0 = NaN,
 * Inf·0 = NaN, Inf − Inf = NaN), and ignored where the BLAS convention says an operand is not
 * read (beta = 0: C; alpha = 0: A and B). Expectations come from {@link NaiveGemm}, which applies
 * the same rules in double; each test also asserts the special values really reached C, so it
 * cannot pass vacuously.
 */
class GemmSpecialValuesTest {
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    /** Every transpose combination × k inside one K block and k spanning two (specials in the second). */
    static Stream<Arguments> layouts() {
        List<Arguments> out = new ArrayList<>();
        long seed = 7;
        for (int k : new int[] {5, 1100}) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    out.add(Arguments.of(GemmCase.padded(ta, tb, 13, 37, k, -0.75f, 1.5f, seed++)));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void nanInARowMakesThatRowNaN(GemmCase g) {
        int p = g.k() - 2; // in the last K block when k > KC (1024)
        GemmOperands ops = GemmOperands.random(g).setA(4, p, NAN);
        ops.setB(p, 3, 0f); // NaN·0 is NaN too: the whole row, as in the naive loop
        runAndCompare(ops);
        for (int j = 0; j < g.n(); j++) {
            assertThat(ops.c[g.cIndex(4, j)]).as("C[4][%d] for %s", j, g).isNaN();
        }
        assertThat(ops.c[g.cIndex(5, 0)]).as("row below the NaN row for %s", g).isFinite();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void nanInBColumnMakesThatColumnNaN(GemmCase g) {
        GemmOperands ops = GemmOperands.random(g).setB(g.k() - 1, 35, NAN);
        runAndCompare(ops);
        for (int i = 0; i < g.m(); i++) {
            assertThat(ops.c[g.cIndex(i, 35)]).as("C[%d][35] for %s", i, g).isNaN();
        }
        assertThat(ops.c[g.cIndex(0, 34)]).as("column left of the NaN column for %s", g).isFinite();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void infinitiesGiveInfOrNaNAsTheNaiveLoop(GemmCase g) {
        int p = g.k() - 1;
        GemmOperands ops = GemmOperands.random(g);
        // Row 1: +Inf times B row p, which holds a zero (-> NaN), positives (-> +Inf with alpha < 0
        // giving -Inf) and negatives.
        ops.setA(1, p, INF);
        ops.setB(p, 0, 0f).setB(p, 1, 0.5f).setB(p, 2, -0.5f);
        // Row 2: +Inf and -Inf in the same row: Inf − Inf = NaN where both B entries are positive.
        ops.setA(2, 0, INF).setA(2, p, -INF);
        ops.setB(0, 1, 0.25f);
        runAndCompare(ops);
        float[] c = ops.c;
        assertThat(c[g.cIndex(1, 0)]).as("Inf·0 for %s", g).isNaN();
        assertThat(c[g.cIndex(1, 1)]).as("alpha·(+Inf·0.5) for %s", g).isEqualTo(-INF);
        assertThat(c[g.cIndex(1, 2)]).as("alpha·(+Inf·−0.5) for %s", g).isEqualTo(INF);
        assertThat(c[g.cIndex(2, 1)]).as("Inf − Inf for %s", g).isNaN();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void nanAndInfInCPropagateWhenBetaIsNonZero(GemmCase g) {
        GemmOperands ops = GemmOperands.random(g).setC(1, 1, INF).setC(2, 2, NAN).setC(3, 3, -INF);
        runAndCompare(ops);
        assertThat(ops.c[g.cIndex(1, 1)]).as("beta·Inf for %s", g).isEqualTo(INF);
        assertThat(ops.c[g.cIndex(2, 2)]).as("beta·NaN for %s", g).isNaN();
        assertThat(ops.c[g.cIndex(3, 3)]).as("beta·−Inf for %s", g).isEqualTo(-INF);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void betaZeroIgnoresNaNAndInfInC(GemmCase g0) {
        GemmCase g = g0.withScalars(-0.75f, 0f);
        GemmOperands ops = GemmOperands.random(g); // C window is NaN (see GemmOperands.POISON)
        ops.setC(0, 0, INF).setC(1, 1, -INF);
        runAndCompare(ops);
        for (int i = 0; i < g.m(); i++) {
            for (int j = 0; j < g.n(); j++) {
                assertThat(ops.c[g.cIndex(i, j)]).as("C[%d][%d] for %s", i, j, g).isFinite();
            }
        }
    }

    /** alpha = 0: A and B (all NaN and Inf here) are not read and C = beta·C, rounded once. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void alphaZeroReadsNeitherANorB(GemmCase g0) {
        for (float beta : new float[] {0f, 1f, -0.75f}) {
            GemmCase g = g0.withScalars(0f, beta);
            GemmOperands ops = GemmOperands.random(g); // A and B windows are NaN
            ops.setA(0, 0, INF).setA(1, g.k() - 1, -INF).setB(0, 0, INF);
            if (beta != 0f) {
                ops.setC(2, 2, NAN);
            }
            float[] before = ops.cBefore();
            ops.sgemm();
            for (int i = 0; i < g.m(); i++) {
                for (int j = 0; j < g.n(); j++) {
                    int x = g.cIndex(i, j);
                    float want = beta == 0f ? 0f : beta * before[x];
                    if (Float.isNaN(want)) {
                        assertThat(ops.c[x]).as("C[%d][%d] for %s", i, j, g).isNaN();
                    } else {
                        assertThat(ops.c[x]).as("C[%d][%d] for %s", i, j, g).isEqualTo(want);
                    }
                }
            }
            ops.assertOutsideWindowUntouched();
        }
    }

    private static void runAndCompare(GemmOperands ops) {
        GemmCase g = ops.g;
        double[] expected = ops.reference();
        double[] magnitude = ops.magnitude();
        ops.sgemm();
        GemmAssertions.assertWindowMatches("C", g, ops.c, expected,
                e -> NaiveGemm.gemmBound(g.k(), magnitude[e]));
        ops.assertOutsideWindowUntouched();
        ops.assertInputsUntouched();
    }
}
