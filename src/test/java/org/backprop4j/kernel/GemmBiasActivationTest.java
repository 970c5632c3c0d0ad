package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BiasActivation.apply on its own (the epilogue's building block): rows×cols blocks with
 * ld &gt; cols and cols not a multiple of the vector length (8 or 16), so every row has a masked
 * tail; the array ends exactly at the block's last element and the bias array at its last
 * column, so a tail handled with a full-width load or store would throw or write out of place.
 * Inputs include NaN, ±Inf, ±0 and large values; expected values are the activation in double.
 */
class GemmBiasActivationTest {
    private static final float SENTINEL = -3.5f; // any activation or bias changes it
    private static final int BIAS_OFFSET = 2;
    private static final float SLOPE = 0.1f;
    private static final float[] SPECIALS = {Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, 0f, -0f, 100f, -100f, 1e-30f, -1e-30f};

    record Block(Activation act, boolean hasBias, int rows, int cols) {
        int off() {
            return 1 + cols % 5;
        }

        int ld() {
            return cols + 1 + cols % 7;
        }

        @Override
        public String toString() {
            return act + (hasBias ? " + bias " : " ") + rows + "×" + cols + " off=" + off()
                    + " ld=" + ld();
        }
    }

    static Stream<Block> blocks() {
        List<Block> out = new ArrayList<>();
        for (Activation act : Activation.values()) {
            for (boolean hasBias : new boolean[] {true, false}) {
                for (int cols : new int[] {1, 5, 7, 9, 13, 17, 31, 33, 45}) {
                    for (int rows : new int[] {1, 4}) {
                        out.add(new Block(act, hasBias, rows, cols));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void appliesBiasAndActivationInsideTheBlockOnly(Block blk) {
        int off = blk.off();
        int ld = blk.ld();
        int rows = blk.rows();
        int cols = blk.cols();
        Random r = new Random(31L * cols + rows);
        float[] x = new float[off + (rows - 1) * ld + cols];
        Arrays.fill(x, SENTINEL);
        int s = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                // one special value every third element, the rest uniform in [-8, 8)
                x[off + i * ld + j] = (i + j) % 3 == 0 ? SPECIALS[s++ % SPECIALS.length]
                        : 16 * r.nextFloat() - 8;
            }
        }
        float[] bias = new float[BIAS_OFFSET + cols];
        for (int j = 0; j < bias.length; j++) {
            bias[j] = GemmOperands.uniform(r);
        }
        float[] before = x.clone();
        float[] biasBefore = bias.clone();
        Epilogue e = blk.hasBias() ? Epilogue.of(bias, BIAS_OFFSET, blk.act(), SLOPE)
                : new Epilogue(blk.act(), SLOPE, null, 0);

        BiasActivation.apply(x, off, ld, rows, cols, e);

        List<String> bad = new ArrayList<>();
        for (int idx = 0; idx < x.length; idx++) {
            int i = (idx - off) / ld;
            int j = (idx - off) % ld;
            if (idx < off || j >= cols) { // outside the block: bits unchanged
                if (Float.floatToRawIntBits(x[idx]) != Float.floatToRawIntBits(before[idx])) {
                    bad.add("x[" + idx + "] outside the block changed to " + x[idx]);
                }
                continue;
            }
            double in = (double) before[idx] + (blk.hasBias() ? bias[BIAS_OFFSET + j] : 0);
            double want = NaiveGemm.activate(blk.act(), SLOPE, in);
            // Exact float inputs: the only input error is the bias add's rounding (u·|x + b|).
            double inputError = blk.hasBias() && Double.isFinite(in) ? NaiveGemm.U * Math.abs(in)
                    : 0;
            double moved = NaiveGemm.lipschitz(blk.act(), SLOPE) * inputError;
            double rel = NaiveGemm.relativeError(blk.act());
            double tol = moved + rel * (Math.abs(want) + moved) + NaiveGemm.absoluteFloor(blk.act());
            boolean ok = Double.isNaN(want) ? Float.isNaN(x[idx])
                    : Double.isInfinite(want) ? x[idx] == want
                    : Math.abs(x[idx] - want) <= tol;
            if (!ok) {
                bad.add("[" + i + "][" + j + "] act(" + before[idx]
                        + (blk.hasBias() ? " + " + bias[BIAS_OFFSET + j] : "") + ") got " + x[idx]
                        + " expected " + want + " ± " + tol);
            }
        }
        if (!bad.isEmpty()) {
            fail(blk + ": " + bad.size() + " wrong elements; first: "
                    + String.join("; ", bad.subList(0, Math.min(6, bad.size()))));
        }
        GemmAssertions.assertSameBits("bias modified", biasBefore, bias);
    }

    @Test
    void leakyReluWithoutExplicitSlopeUsesOneHundredth() {
        float[] x = {-2f, 3f};
        BiasActivation.apply(x, 0, 2, 1, 2, Epilogue.of(Activation.LEAKY_RELU));
        assertThat(x).containsExactly(-0.02f, 3f);
    }
}
