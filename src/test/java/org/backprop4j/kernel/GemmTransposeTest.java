package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link GemmDriver#transpose8} against the index formula it states, element by element, with
 * every other element of the destination left as it was, at offsets and strides like the packs'
 * and the Cᵀ merge's, and at the very end of the destination array. It runs where the transposes
 * are used (an 8-lane preferred species, JDK 21+: AVX2 machines); elsewhere it is skipped, and
 * {@code GemmCorrectnessTest} checks the scalar packs.
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
        Assumptions.assumeTrue(GemmDriver.VECTOR_TRANSPOSES, "the transposes are used only with 8 lanes, JDK 21+");
        int t = GemmDriver.T;
        float[] src = new float[sOff + (t - 1) * sLd + t + 3];
        Random random = new Random(sOff * 31 + dLd);
        for (int i = 0; i < src.length; i++) {
            src[i] = random.nextFloat() - 0.5f;
        }
        // the last element written is dst[dOff + 7·dLd + 7]; with endsAfter it is the array's last
        int length = dOff + (t - 1) * dLd + t + (endsAfter ? 0 : 5);
        float[] dst = new float[length];
        Arrays.fill(dst, Float.NaN);

        GemmDriver.transpose8(src, sOff, sLd, dst, dOff, dLd);

        boolean[] written = new boolean[length];
        for (int p = 0; p < t; p++) {
            for (int r = 0; r < t; r++) {
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
