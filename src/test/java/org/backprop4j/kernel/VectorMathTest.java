package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * VectorMath against double-precision references, and each vector function against its scalar
 * twin bit for bit (kernels compute row tails with the twins, so the two must never differ).
 */
class VectorMathTest {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float[] SPECIAL = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        0f, -0f, 1e-30f, -1e-30f, 1e-8f, 0.624f, 0.625f, -0.625f, 1f, -1f, 9f, -9f, 20f, -20f, 87.2f,
        -87.2f, 87.4f, -87.4f, 88.3f, 88.4f, 88.8f, -88.8f, 100f, -100f, Float.MAX_VALUE, -Float.MAX_VALUE};

    private interface VectorFn {
        FloatVector apply(FloatVector v);
    }

    private interface ScalarFn {
        float apply(float x);
    }

    /** Random inputs over several scales, plus the special values. */
    private static float[] inputs() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 100_000;
        float[] x = new float[n + SPECIAL.length];
        for (int i = 0; i < n; i++) {
            double scale = i % 3 == 0 ? 100 : i % 3 == 1 ? 10 : 1;
            x[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        System.arraycopy(SPECIAL, 0, x, n, SPECIAL.length);
        return x;
    }

    private static float[] vectorResults(float[] x, VectorFn f) {
        int lanes = S.length();
        float[] padded = java.util.Arrays.copyOf(x, (x.length + lanes - 1) / lanes * lanes);
        float[] y = new float[padded.length];
        for (int i = 0; i < padded.length; i += lanes) {
            f.apply(FloatVector.fromArray(S, padded, i)).intoArray(y, i);
        }
        return y;
    }

    private static void assertTwins(VectorFn vector, ScalarFn scalar) {
        float[] x = inputs();
        float[] y = vectorResults(x, vector);
        for (int i = 0; i < x.length; i++) {
            float s = scalar.apply(x[i]);
            assertThat(Float.floatToRawIntBits(s)).as("x = %s: scalar %s, vector %s", x[i], s, y[i])
                    .isEqualTo(Float.floatToRawIntBits(y[i]));
        }
    }

    @Test
    void scalarTwinsGiveTheVectorBits() {
        assertTwins(VectorMath::exp, VectorMath::exp);
        assertTwins(VectorMath::sigmoid, VectorMath::sigmoid);
        assertTwins(VectorMath::tanh, VectorMath::tanh);
    }

    /**
     * Relative error against double references. Cephes' polynomials are accurate to about 1 ulp;
     * the bound 4·2^-24 (2 ulp at the top of a binade, more below) leaves room for the final
     * multiply by 2^n (exact) and for sigmoid's add and divide, and still fails on a wrong
     * coefficient (seen: a coefficient off in its 4th digit gives ~1e-5).
     */
    @Test
    void accurateToAFewUlp() {
        double bound = 4 * 0x1p-24;
        for (float x : inputs()) {
            if (Float.isNaN(x)) {
                continue;
            }
            if (x > -87.3f && x < 88.37f) {
                assertRelative("exp", x, VectorMath.exp(x), Math.exp(x), bound);
            }
            double sig = 1 / (1 + Math.exp(-x));
            if (sig > 0x1p-126) { // below, the twin gives 0 or a subnormal: absolute error < 2^-126
                assertRelative("sigmoid", x, VectorMath.sigmoid(x), sig, bound);
            } else {
                assertThat((double) VectorMath.sigmoid(x)).isLessThan(0x1p-125);
            }
            assertRelative("tanh", x, VectorMath.tanh(x), Math.tanh(x), bound);
        }
    }

    /**
     * tanh caps 2|x| at 20 before its exp (no range checks, no subnormal 2/(e^2|x| + 1)); the
     * claim is that this changes no bit against the uncapped formula with the full-range exp.
     * Every 16th float from 0.625 (where the polynomial hands over) to 100, and their negatives.
     */
    @Test
    void tanhCapChangesNoBit() {
        for (int bits = Float.floatToIntBits(0.625f); bits <= Float.floatToIntBits(100f); bits += 16) {
            float x = Float.intBitsToFloat(bits);
            float uncapped = 1f - 2f / (VectorMath.exp(x + x) + 1f);
            assertThat(Float.floatToIntBits(VectorMath.tanh(x))).as("tanh(%s)", x).isEqualTo(Float.floatToIntBits(uncapped));
            assertThat(Float.floatToIntBits(VectorMath.tanh(-x))).as("tanh(%s)", -x).isEqualTo(Float.floatToIntBits(-uncapped));
        }
    }

    /**
     * sigmoid clamps −x to exp's range instead of checking it; the claim is that no bit changes
     * against the checked exp: every 16th float of |x| from 80 to 100, where the clamp acts.
     */
    @Test
    void sigmoidClampChangesNoBit() {
        for (int bits = Float.floatToIntBits(80f); bits <= Float.floatToIntBits(100f); bits += 16) {
            for (float x : new float[] {Float.intBitsToFloat(bits), -Float.intBitsToFloat(bits)}) {
                float checked = Subnormals.flush(1f / (VectorMath.exp(-x) + 1f));
                assertThat(Float.floatToIntBits(VectorMath.sigmoid(x))).as("sigmoid(%s)", x)
                        .isEqualTo(Float.floatToIntBits(checked));
            }
        }
    }

    @Test
    void specialValues() {
        assertThat(VectorMath.exp(Float.NaN)).isNaN();
        assertThat(VectorMath.exp(Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(VectorMath.exp(Float.NEGATIVE_INFINITY)).isEqualTo(0f);
        assertThat(VectorMath.exp(0f)).isEqualTo(1f);
        assertThat(VectorMath.sigmoid(Float.POSITIVE_INFINITY)).isEqualTo(1f);
        assertThat(VectorMath.sigmoid(Float.NEGATIVE_INFINITY)).isEqualTo(0f);
        assertThat(VectorMath.sigmoid(0f)).isEqualTo(0.5f);
        assertThat(VectorMath.tanh(Float.POSITIVE_INFINITY)).isEqualTo(1f);
        assertThat(VectorMath.tanh(Float.NEGATIVE_INFINITY)).isEqualTo(-1f);
        assertThat(VectorMath.tanh(Float.NaN)).isNaN();
        assertThat(VectorMath.sigmoid(Float.NaN)).isNaN();
    }

    private static void assertRelative(String fn, float x, float got, double want, double bound) {
        double err = want == 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
        assertThat(err).as("%s(%s) = %s, want %s", fn, x, got, want).isLessThanOrEqualTo(bound);
    }
}
