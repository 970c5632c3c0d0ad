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
