package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No kernel on the training path stores a subnormal (Intel cores pay a microcode assist for each
 * one, and Java cannot set flush-to-zero), the vector body and the scalar tail flush alike, and
 * normal values keep their bits.
 */
class SubnormalsTest {
    private static final float TINY = Float.MIN_NORMAL;

    static boolean isSubnormal(float x) {
        return x != 0f && Math.abs(x) < Float.MIN_NORMAL;
    }

    static int countSubnormals(float[] a) {
        int n = 0;
        for (float x : a) {
            n += isSubnormal(x) ? 1 : 0;
        }
        return n;
    }

    @Test
    void flushZeroesExactlyTheSubnormals() {
        float[] in = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Math.nextDown(TINY), -Math.nextDown(TINY),
            TINY, -TINY, Math.nextUp(TINY), 1f, -3.5f, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN, 1e-30f, 1e-39f, -1e-44f};
        float[] lanes = Arrays.copyOf(in, Math.max(in.length, 64));
        float[] out = new float[lanes.length];
        var s = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
        for (int i = 0; i < s.loopBound(lanes.length); i += s.length()) {
            Subnormals.flush(jdk.incubator.vector.FloatVector.fromArray(s, lanes, i)).intoArray(out, i);
        }
        for (int i = 0; i < in.length; i++) {
            float expected = Math.abs(in[i]) < TINY ? 0f : in[i];
            assertThat(Float.floatToRawIntBits(Subnormals.flush(in[i]))).as("scalar %s", in[i])
                    .isEqualTo(Float.floatToRawIntBits(expected));
            assertThat(Float.floatToRawIntBits(out[i])).as("vector %s", in[i])
                    .isEqualTo(Float.floatToRawIntBits(expected));
        }
    }

    /**
     * A parameter whose gradient has become exactly zero: its state decays by β every step. Over
     * 2,000 such steps no optimiser stores a subnormal in its state or weights, and the vector loop
     * (a range ≥ SCALAR_BELOW) and the scalar loop (elements one at a time) keep the same bits at
     * every step.
     */
    @ParameterizedTest
    @ValueSource(strings = {"adam", "adamw", "sgd", "momentum", "nesterov", "rmsprop", "adagrad"})
    void decayingStateNeverTurnsSubnormalOnEitherPath(String optimizer) {
        int n = ParameterUpdates.SCALAR_BELOW + 37; // a vector body and a scalar tail
        float[][] vec = start(n);
        float[][] sca = start(n);
        float[] zero = new float[n];
        int seen = 0;
        for (int step = 1; step <= 2000; step++) {
            float[] g = step <= 3 ? vec[3] : zero; // a few real gradients, then none
            update(optimizer, vec, g, 0, n, step);
            for (int i = 0; i < n; i++) {
                update(optimizer, sca, g, i, 1, step);
            }
            for (int b = 0; b < 3; b++) {
                assertThat(countSubnormals(vec[b])).as("%s buffer %d step %d (vector)", optimizer, b, step).isZero();
                assertThat(Arrays.equals(vec[b], sca[b])).as("%s buffer %d step %d: vector = scalar", optimizer, b, step)
                        .isTrue();
            }
            seen += vec[decaying(optimizer)][5] == 0f ? 0 : 1;
        }
        assertThat(seen).as("the state decayed over many steps before reaching 0").isGreaterThan(100);
    }

    /** The buffer that decays under this optimiser: the weights (sgd, adagrad), RMSprop's cache, else the first moment. */
    private static int decaying(String optimizer) {
        return switch (optimizer) {
            case "sgd", "adagrad" -> 0;
            case "rmsprop" -> 2;
            default -> 1;
        };
    }

    /** w, state 1, state 2, first gradients: small values so that decay reaches the subnormal range. */
    private static float[][] start(int n) {
        float[][] b = new float[4][n];
        for (int i = 0; i < n; i++) {
            float x = (float) Math.sin(i + 1);
            b[0][i] = x * 1e-33f * (i % 3);      // some tiny weights, which weight decay (and g = w) shrink
            b[1][i] = x * 1e-30f;
            b[2][i] = x * x * 1e-30f + 1e-31f;
            b[3][i] = x * 1e-20f;
        }
        return b;
    }

    private static void update(String optimizer, float[][] b, float[] g, int off, int len, int step) {
        float c1 = (float) (1 - Math.pow(0.9, step));
        float c2 = (float) (1 - Math.pow(0.9, step));
        switch (optimizer) {
            case "adam" -> ParameterUpdates.adam(b[0], g, b[1], b[2], off, len, 1e-3f, 0.9f, 0.9f, 1e-7f, c1, c2, 0f);
            case "adamw" -> ParameterUpdates.adam(b[0], g, b[1], b[2], off, len, 1e-3f, 0.9f, 0.9f, 1e-7f, c1, c2, 50f);
            case "sgd" -> ParameterUpdates.sgd(b[0], b[0], null, off, len, 0.1f, 0f, false); // g = w: w shrinks by 0.9
            case "momentum" -> ParameterUpdates.sgd(b[0], g, b[1], off, len, 0.1f, 0.9f, false);
            case "nesterov" -> ParameterUpdates.sgd(b[0], g, b[1], off, len, 0.1f, 0.9f, true);
            case "rmsprop" -> ParameterUpdates.rmsProp(b[0], g, b[2], off, len, 1e-3f, 0.9f, 1e-7f);
            // g = w, lr·w/(√c + ε) ≈ 0.1·w: w shrinks by 0.9 a step; the cache only grows
            case "adagrad" -> ParameterUpdates.adagrad(b[0], b[0], b[2], off, len, 1e-8f, 1e-7f);
            default -> throw new IllegalArgumentException(optimizer);
        }
    }

    @Test
    void softmaxTailsAndTheirGradientsAreZeroNotSubnormal() {
        int cols = 21; // a vector part and a scalar tail for 8 or 16 lanes
        float[] x = new float[2 * cols];
        for (int j = 0; j < cols; j++) {
            x[j] = -4.4f * j;            // e^(−4.4 j): normal, then subnormal, then 0
            x[cols + j] = j == 3 ? 90f : 0f;
        }
        float[] p = x.clone();
        Softmax.forward(p, 0, 2, cols);
        assertThat(countSubnormals(p)).isZero();
        assertThat(p[19]).as("e^-83.6 is normal and kept").isGreaterThan(0f);
        assertThat(p[20]).as("e^-88 would be subnormal").isZero();
        float[] dZ = new float[p.length];
        LossGradients.softmaxCrossEntropy(p, 0, new int[] {0, 3}, 0, dZ, 0, 2, cols, 1f / 128);
        assertThat(countSubnormals(dZ)).isZero();
        assertThat(dZ[19]).as("p = e^-83.6 is normal, p / 128 would be subnormal").isZero();
        float[] t = new float[p.length];
        t[0] = 1f;
        t[cols + 3] = 1f;
        LossGradients.softmaxCrossEntropy(p, 0, t, 0, dZ, 0, 2, cols, 1f / 128);
        assertThat(countSubnormals(dZ)).isZero();
        float[] y = {Float.MIN_NORMAL * 20, 0.5f, 1f};
        LossGradients.sigmoidBinaryCrossEntropy(y, 0, new float[] {0f, 1f, 1f}, 0, dZ, 0, 3, 1, 1f / 128);
        assertThat(countSubnormals(dZ)).isZero();
    }

    @Test
    void sigmoidTailIsZeroNotSubnormal() {
        var s = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
        for (float x = -89f; x <= -86f; x += 0.01f) {
            float scalar = VectorMath.sigmoid(x);
            float lane = VectorMath.sigmoid(jdk.incubator.vector.FloatVector.broadcast(s, x)).lane(0);
            assertThat(isSubnormal(scalar)).as("sigmoid(%s) = %s", x, scalar).isFalse();
            assertThat(Float.floatToRawIntBits(lane)).isEqualTo(Float.floatToRawIntBits(scalar));
        }
    }
}
