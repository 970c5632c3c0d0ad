package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The oracle and the checker the other Gemm tests rely on: NaiveGemm must be right, and the
 * error bound must be small enough that real mistakes fail it.
 */
class GemmReferenceTest {

    /** 2·[[1,2],[3,4]]·[[5,6],[7,8]] − [[1,1],[1,1]] = [[37,43],[85,99]], in every layout. */
    @Test
    void naiveReferenceComputesAKnownProductInEveryLayout() {
        float[][] opA = {{1, 2}, {3, 4}};
        float[][] opB = {{5, 6}, {7, 8}};
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                GemmCase g = GemmCase.padded(ta, tb, 2, 2, 2, 2f, -1f, 9);
                GemmOperands ops = GemmOperands.random(g);
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        ops.setA(i, j, opA[i][j]).setB(i, j, opB[i][j]).setC(i, j, 1f);
                    }
                }
                assertThat(ops.reference()).as("%s", g).containsExactly(37, 43, 85, 99);
                assertThat(ops.magnitude()).as("%s", g).containsExactly(39, 45, 87, 101);
            }
        }
    }

    @Test
    void boundIsCloseToKUlpsOfTheMagnitude() {
        // γ_{k+3} ≈ (k + 3)·2^-24: for k = 257, 1.55e-5 of the magnitude, no more.
        assertThat(NaiveGemm.gemmBound(257, 1.0)).isBetween(260 * 0x1p-24, 261 * 0x1p-24);
    }

    @Test
    void checkerRejectsAPerturbationJustOutsideTheBoundAndAcceptsOneInside() {
        GemmCase g = GemmCase.padded(false, false, 9, 17, 300, -0.75f, 1.5f, 1);
        GemmOperands ops = GemmOperands.random(g);
        double[] expected = ops.reference();
        double[] magnitude = ops.magnitude();
        ops.sgemm();
        int e = 5 * g.n() + 3;
        double bound = NaiveGemm.gemmBound(g.k(), magnitude[e]);
        float[] c = ops.c;
        c[g.cIndex(5, 3)] = (float) (expected[e] + 0.5 * bound);
        assertThat(GemmAssertions.mismatches(g, c, expected,
                x -> NaiveGemm.gemmBound(g.k(), magnitude[x]))).isEmpty();
        c[g.cIndex(5, 3)] = (float) (expected[e] + 1.5 * bound);
        assertThat(GemmAssertions.mismatches(g, c, expected,
                x -> NaiveGemm.gemmBound(g.k(), magnitude[x]))).hasSize(1);
    }

    /** A classic mistake (B read untransposed when it is stored transposed) is far outside the bound. */
    @Test
    void checkerRejectsAWrongTranspose() {
        GemmCase nt = GemmCase.tight(false, true, 20, 20, 20, 1f, 0f, 3);
        GemmOperands ops = GemmOperands.random(nt);
        ops.sgemm();
        GemmCase nn = GemmCase.tight(false, false, 20, 20, 20, 1f, 0f, 3); // same storage shapes
        double[][] wrong = NaiveGemm.product(nn, ops.a, ops.b, ops.c);
        assertThat(GemmAssertions.mismatches(nn, ops.c, wrong[0],
                x -> NaiveGemm.gemmBound(20, wrong[1][x]))).hasSizeGreaterThan(350);
    }
}
