package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link GemmDriver#transpose8}, {@link GemmDriver#transpose16} and
 * {@link GemmDriver#transpose8x16} against the index formulas they state, element by element,
 * with every other element of the destination left as it was, at offsets and strides like the
 * packs' and the Cᵀ merge's, and at the very end of the destination array. Each runs where it is
 * used (JDK 21+, with an 8-lane preferred species for the first: AVX2 machines, a 16-lane one for
 * the others: AVX-512); elsewhere it is skipped, and {@code GemmCorrectnessTest} checks the
 * scalar packs.
 */
class GemmTransposeTest {

    @ParameterizedTest(name = "sOff={0} sLd={1} dOff={2} dLd={3}, destination ends after the block: {4}")
    @CsvSource({
        "0, 16, 0, 8, false",     // an A panel's block (dLd = 8)
        "5, 37, 3, 8, false",     // odd offsets and a source stride not a multiple of the lanes
        "0, 16, 0, 16, false",    // a B panel (dLd = NR on AVX2)
        "7, 100, 11, 16, false",
        "0, 16, 0, 8, true",
        "9, 33, 4, 24, true",
    })
    void writesTheTransposeAndNothingElse(int sOff, int sLd, int dOff, int dLd, boolean endsAfter) {
        Assumptions.assumeTrue(GemmDriver.VECTOR_TRANSPOSES, "the 8×8 transposes are used only with 8 lanes, JDK 21+");
        check(8, 8, sOff, sLd, dOff, dLd, endsAfter, () -> GemmDriver.transpose8(src, sOff, sLd, dst, dOff, dLd));
    }

    @ParameterizedTest(name = "sOff={0} sLd={1} dOff={2} dLd={3}, destination ends after the block: {4}")
    @CsvSource({
        "0, 16, 0, 32, false",    // a B panel (dLd = NR with 16 lanes)
        "7, 100, 16, 32, false",  // the panel's second half, odd source offset and stride
        "3, 37, 5, 19, false",
        "0, 16, 0, 16, true",
        "9, 33, 4, 40, true",
    })
    void transpose16WritesTheTransposeAndNothingElse(int sOff, int sLd, int dOff, int dLd, boolean endsAfter) {
        Assumptions.assumeTrue(GemmDriver.WIDE_TRANSPOSES, "the 16-lane transposes are used only with 16 lanes, JDK 21+");
        check(16, 16, sOff, sLd, dOff, dLd, endsAfter, () -> GemmDriver.transpose16(src, sOff, sLd, dst, dOff, dLd));
    }

    @ParameterizedTest(name = "sOff={0} sLd={1} dOff={2}, destination ends after the block: {3}")
    @CsvSource({
        "0, 16, 0, false",        // an A panel's block
        "0, 784, 128, false",     // MLP-784's input rows
        "5, 37, 3, false",
        "9, 33, 4, true",
    })
    void transpose8x16WritesTheTransposeAndNothingElse(int sOff, int sLd, int dOff, boolean endsAfter) {
        Assumptions.assumeTrue(GemmDriver.WIDE_TRANSPOSES, "the 16-lane transposes are used only with 16 lanes, JDK 21+");
        check(8, 16, sOff, sLd, dOff, 8, endsAfter, () -> GemmDriver.transpose8x16(src, sOff, sLd, dst, dOff));
    }

    /**
     * {@link GemmDriver#packA} of A stored transposed (X in Xᵀ·dZ), which on 16 lanes copies two
     * steps of p per vector where the first load stays inside the array: against its formula
     * {@code ap[ir·kc + p·MR + ii] = A[ic + ir + ii][pc + p]}, zero past the block's rows, with
     * odd and even depths, a partial last panel, and the block's last row ending the source array
     * (so the last steps take the copy that reads no further than the panel). Runs on every
     * configuration, so it checks the scalar copy too.
     */
    @ParameterizedTest(name = "aOff={0} extra columns={1} ic={2} mc={3} pc={4} kc={5}")
    @CsvSource({
        "0, 0, 0, 16, 0, 128",    // two full panels, the source's last row ends the array
        "3, 5, 8, 24, 2, 17",     // odd depth: the last step alone
        "1, 0, 0, 19, 0, 33",     // a partial last panel (scalar, zero-padded)
        "7, 1, 16, 8, 5, 1",      // one step: no pair at all
        "0, 37, 0, 40, 3, 255",
    })
    void packOfATransposedMatchesItsFormula(int aOff, int extraColumns, int ic, int mc, int pc, int kc) {
        int mr = GemmDriver.MR;
        int lda = ic + mc + extraColumns; // A is lda columns of Aᵀ's rows: Aᵀ is (pc + kc) × lda
        float[] a = new float[aOff + (pc + kc - 1) * lda + ic + mc]; // ends at the block's last element
        Random random = new Random(kc * 31L + mc);
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat() - 0.5f;
        }
        int panels = (mc + mr - 1) / mr;
        float[] ap = new float[panels * mr * kc + 5];
        Arrays.fill(ap, Float.NaN);

        GemmDriver.packA(true, a, aOff, lda, ic, mc, pc, kc, ap);

        for (int ir = 0; ir < panels * mr; ir += mr) {
            for (int p = 0; p < kc; p++) {
                for (int ii = 0; ii < mr; ii++) {
                    int row = ir + ii;
                    float expected = row < mc ? a[aOff + (pc + p) * lda + ic + row] : 0f;
                    assertThat(Float.floatToRawIntBits(ap[ir * kc + p * mr + ii])).as("panel %d, step %d, row %d", ir / mr, p, ii)
                            .isEqualTo(Float.floatToRawIntBits(expected));
                }
            }
        }
        for (int i = panels * mr * kc; i < ap.length; i++) {
            assertThat(ap[i]).as("ap[%d], past the panels", i).isNaN();
        }
    }

    private float[] src;
    private float[] dst;

    /** {@code rows} source rows of {@code steps} elements each, transposed: dst[dOff + p·dLd + r] = src[sOff + r·sLd + p]. */
    private void check(int rows, int steps, int sOff, int sLd, int dOff, int dLd, boolean endsAfter, Runnable transpose) {
        src = new float[sOff + (rows - 1) * sLd + steps + 3];
        Random random = new Random(sOff * 31 + dLd);
        for (int i = 0; i < src.length; i++) {
            src[i] = random.nextFloat() - 0.5f;
        }
        // the last element written is dst[dOff + (steps − 1)·dLd + rows − 1]; with endsAfter it is the array's last
        int length = dOff + (steps - 1) * dLd + rows + (endsAfter ? 0 : 5);
        dst = new float[length];
        Arrays.fill(dst, Float.NaN);

        transpose.run();

        boolean[] written = new boolean[length];
        for (int p = 0; p < steps; p++) {
            for (int r = 0; r < rows; r++) {
                int d = dOff + p * dLd + r;
                written[d] = true;
                assertThat(Float.floatToRawIntBits(dst[d])).as("dst row %d, element %d", p, r)
                        .isEqualTo(Float.floatToRawIntBits(src[sOff + r * sLd + p]));
            }
        }
        for (int i = 0; i < length; i++) {
            if (!written[i]) {
                assertThat(dst[i]).as("dst[%d], outside the block", i).isNaN();
            }
        }
    }
}
