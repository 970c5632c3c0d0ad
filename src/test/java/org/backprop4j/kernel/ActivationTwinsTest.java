package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every activation's vector loops (forward with and without a bias, backward with and without a
 * bias gradient) give, element by element, the bits of its scalar twins ({@link Activation#apply},
 * {@link Activation#derivativeTimes}), for special values and for the slopes whose code paths
 * differ (0: a ReLU, 1: the identity, negative, ordinary). Each row is longer than several
 * vectors and ends in a tail, so the same value is computed by both paths. Bits are compared
 * with {@link Float#floatToIntBits}: a NaN is any NaN (its sign and payload carry no meaning).
 */
class ActivationTwinsTest {
    private static final float[] SPECIALS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, 1e-30f, -1e-30f,
            88.5f, -88.5f, 0.625f, -0.625f, 1f, -1f, Float.MAX_VALUE, -Float.MAX_VALUE};
    private static final float[] SLOPES = {0.01f, 0f, -0f, 1f, -0.5f};
    private static final int COLS = 5 * 16 + 11; // five 512-bit vectors and a tail

    private static float[] values(long seed) {
        Random r = new Random(seed);
        float[] v = new float[COLS];
        for (int i = 0; i < COLS; i++) {
            v[i] = i % 2 == 0 ? SPECIALS[(i / 2) % SPECIALS.length] : (float) (r.nextGaussian() * 10);
        }
        return v;
    }

    /** Rotations of the row, so every value is met both in a vector and in the tail. */
    private static List<float[]> rotations(float[] v) {
        List<float[]> out = new ArrayList<>();
        for (int shift = 0; shift < COLS; shift += 7) {
            float[] rot = new float[COLS];
            for (int i = 0; i < COLS; i++) {
                rot[i] = v[(i + shift) % COLS];
            }
            out.add(rot);
        }
        return out;
    }

    @Test
    void forwardVectorsGiveTheScalarTwinsBits() {
        float[] bias = values(2);
        for (Activation act : Activation.values()) {
            for (float slope : SLOPES) {
                for (float[] x : rotations(values(1))) {
                    for (boolean withBias : new boolean[] {false, true}) {
                        float[] y = x.clone();
                        BiasActivation.apply(y, 0, COLS, 1, COLS, withBias ? bias : null, 0, act, slope);
                        for (int j = 0; j < COLS; j++) {
                            float in = withBias ? x[j] + bias[j] : x[j];
                            assertThat(Float.floatToIntBits(y[j]))
                                    .as("%s slope %s f(%s) at %d", act, slope, in, j)
                                    .isEqualTo(Float.floatToIntBits(act.apply(in, slope)));
                        }
                    }
                }
            }
        }
    }

    @Test
    void backwardVectorsGiveTheScalarTwinsBits() {
        for (Activation act : Activation.values()) {
            for (float slope : SLOPES) {
                for (float[] y : rotations(values(3))) {
                    float[] dA = values(4);
                    for (boolean withBiasGrad : new boolean[] {false, true}) {
                        float[] dZ = new float[COLS];
                        float[] biasGrad = withBiasGrad ? new float[COLS] : null;
                        ActivationGradient.backward(act, slope, y, 0, dA, 0, dZ, 0, 1, COLS, biasGrad, 0);
                        for (int j = 0; j < COLS; j++) {
                            int want = Float.floatToIntBits(act.derivativeTimes(y[j], dA[j], slope));
                            assertThat(Float.floatToIntBits(dZ[j]))
                                    .as("%s slope %s dA %s f'(y %s) at %d", act, slope, dA[j], y[j], j)
                                    .isEqualTo(want);
                            if (withBiasGrad) { // one row: the bias gradient is 0 + dZ
                                assertThat(Float.floatToIntBits(biasGrad[j])).isEqualTo(Float.floatToIntBits(0f + dZ[j]));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void aLeakyReluOfSlopeZeroIsAReluBitForBit() {
        for (float x : SPECIALS) {
            assertThat(Float.floatToIntBits(Activation.LEAKY_RELU.apply(x, 0f)))
                    .as("f(%s)", x).isEqualTo(Float.floatToIntBits(Activation.RELU.apply(x, 0f)));
            assertThat(Float.floatToIntBits(Activation.LEAKY_RELU.derivativeTimes(-1f, x, 0f)))
                    .as("f'·%s", x).isEqualTo(Float.floatToIntBits(Activation.RELU.derivativeTimes(-1f, x, 0f)));
        }
    }
}
