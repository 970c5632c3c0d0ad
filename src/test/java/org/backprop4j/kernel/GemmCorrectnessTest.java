package org.backprop4j.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import static org.assertj.core.api.Assertions.assertThat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gemm.sgemm against the double-precision triple loop: every transpose combination, alpha and
 * beta in {0, 1, other}, offsets and padded leading dimensions, random and edge shapes, and
 * shapes that cross the driver's cache blocks. Each case also checks that C outside its window
 * and all of A and B keep their bits.
 *
 * <p>Data: uniform in [-1, 1); A and B padding is NaN (a stray read poisons C), C padding a finite
 * sentinel (a stray write changes it); with alpha = 0, A and B are NaN throughout, and with
 * beta = 0 the C window is NaN, so a kernel that reads what BLAS says it must not read fails.
 */
class GemmCorrectnessTest {

    /** Sizes around both vector lengths (8 on AVX2, 16 on AVX-512) and the 6-row register tile. */
    private static final int[] SIZES = {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 127, 255, 257};
    private static final float[] ALPHAS = {0f, 1f, -0.75f};
    private static final float[] BETAS = {0f, 1f, 1.5f};
    private static final boolean[] FLAGS = {false, true};
    /** Random shapes per (transposes, alpha, beta) combination: 36 combinations × 5. */
    private static final int SHAPES_PER_COMBINATION = 5;

    static Stream<GemmCase> randomShapes() {
        Random r = new Random(0xB1A5L);
        List<GemmCase> cases = new ArrayList<>();
        for (int rep = 0; rep < SHAPES_PER_COMBINATION; rep++) {
            for (boolean ta : FLAGS) {
                for (boolean tb : FLAGS) {
                    for (float alpha : ALPHAS) {
                        for (float beta : BETAS) {
                            int m = SIZES[r.nextInt(SIZES.length)];
                            int n = SIZES[r.nextInt(SIZES.length)];
                            int k = SIZES[r.nextInt(SIZES.length)];
                            long seed = r.nextLong();
                            // Mostly padded layouts; every fourth case tight (offset 0, ld = width,
                            // arrays ending at the last element).
                            cases.add(cases.size() % 4 == 3
                                    ? GemmCase.tight(ta, tb, m, n, k, alpha, beta, seed)
                                    : GemmCase.padded(ta, tb, m, n, k, alpha, beta, seed));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    /**
     * Shapes a random draw from SIZES would rarely produce. Block sizes today (see Blocking):
     * MR = 6 (AVX-512) or 5 (AVX2), KC = 1024, MC = 126 (1 MiB L2) or 60 (512 KiB L2),
     * NC = 2048 (AVX2) or 4096 (AVX-512); the sizes below cross each of them, and n = 4100
     * crosses NC for both vector lengths.
     */
    private static final int[][] EDGE_SHAPES = {
            // m, n, k
            {1000, 5, 3},    // tall/skinny: 1000×3 · 3×5
            {2, 3, 700},     // 2×700 · 700×3: long dot products, tiny C
            {1000, 1, 700},  // matrix-vector
            {3, 1000, 5},    // wide/short: 3×5 · 5×1000
            {1, 700, 1000},  // vector-matrix
            {1, 1, 1},
            {13, 35, 1024},  // k = KC exactly
            {13, 35, 1025},  // one element into the second K block
            {9, 17, 2049},   // three K blocks, the last of one element
            {150, 40, 70},   // m > MC: two row blocks
            {289, 33, 1025}, // m > 2·MC and k > KC: both blocked at once
            {7, 4100, 1025}, // n > NC on either vector length, k > KC
    };

    static Stream<GemmCase> edgeShapes() {
        List<GemmCase> cases = new ArrayList<>();
        long seed = 42;
        for (int[] s : EDGE_SHAPES) {
            for (boolean ta : FLAGS) {
                for (boolean tb : FLAGS) {
                    cases.add(GemmCase.padded(ta, tb, s[0], s[1], s[2], -0.75f, 1.5f, seed++));
                    cases.add(GemmCase.padded(ta, tb, s[0], s[1], s[2], 1f, 0f, seed++));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("randomShapes")
    void randomShapeMatchesNaiveReference(GemmCase g) {
        checkAgainstReference(g);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edgeShapes")
    void edgeShapeMatchesNaiveReference(GemmCase g) {
        checkAgainstReference(g);
    }

    /**
     * Shapes for the bit model below: full and edge register tiles (8-row tiles transpose through
     * whole 8×8 blocks, others masked), k below, at and across KC and not a multiple of 8 (the
     * transposing packs' scalar tails), products computed as Cᵀ (m &lt; n with B transposed, where A
     * is read in place: the amd-avx512 and avx2 runs) and not, A packed or read in place (the
     * suite runs under every CPU's configuration).
     */
    private static final int[][] BIT_SHAPES = {
            {128, 784, 256}, {40, 200, 37}, {33, 100, 70}, {64, 96, 1031}, {17, 290, 9}, {96, 64, 300},
            {8, 64, 24}, {200, 33, 45},
    };

    static Stream<GemmCase> bitShapes() {
        List<GemmCase> cases = new ArrayList<>();
        long seed = 7;
        for (int[] s : BIT_SHAPES) {
            for (boolean ta : FLAGS) {
                for (boolean tb : FLAGS) {
                    cases.add(GemmCase.padded(ta, tb, s[0], s[1], s[2], -0.75f, 1.5f, seed++));
                    cases.add(GemmCase.tight(ta, tb, s[0], s[1], s[2], 1f, 0f, seed++));
                }
            }
        }
        return cases.stream();
    }

    /**
     * The exact bits, not a bound: per element of C, an FMA chain over each KC block of k in order,
     * then {@code alpha·acc}, fused with {@code scaleC·C} (beta on the first block, 1 after) — the
     * arithmetic every path (plain, Cᵀ, packed or in place, vector or transposed merge) must do.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bitShapes")
    void productHasTheBitsOfTheBlockedFmaChain(GemmCase g) {
        GemmOperands ops = GemmOperands.random(g);
        float[] before = ops.c.clone();
        ops.sgemm();
        int kc = Blocking.KC;
        for (int i = 0; i < g.m(); i++) {
            for (int j = 0; j < g.n(); j++) {
                float c = before[g.cIndex(i, j)];
                for (int pc = 0; pc < g.k(); pc += kc) {
                    float acc = 0f;
                    for (int p = pc; p < Math.min(g.k(), pc + kc); p++) {
                        acc = Math.fma(ops.a[g.aIndex(i, p)], ops.b[g.bIndex(p, j)], acc);
                    }
                    float scaleC = pc == 0 ? g.beta() : 1f;
                    float t = acc * g.alpha();
                    c = scaleC != 0f ? Math.fma(c, scaleC, t) : t;
                }
                int e = g.cIndex(i, j);
                if (Float.floatToRawIntBits(ops.c[e]) != Float.floatToRawIntBits(c)) {
                    assertThat(ops.c[e]).as("%s: C[%d][%d] (%s)", g, i, j, Gemm.configuration()).isEqualTo(c);
                }
            }
        }
        ops.assertOutsideWindowUntouched();
        ops.assertInputsUntouched();
    }

    static void checkAgainstReference(GemmCase g) {
        GemmOperands ops = GemmOperands.random(g);
        double[] expected = ops.reference();
        double[] magnitude = ops.magnitude();
        ops.sgemm();
        GemmAssertions.assertWindowMatches("C", g, ops.c, expected,
                e -> NaiveGemm.gemmBound(g.k(), magnitude[e]));
        ops.assertOutsideWindowUntouched();
        ops.assertInputsUntouched();
    }
}
