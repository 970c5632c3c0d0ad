package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each fused kernel against a naive double reference, on widths that are not multiples of the
 * vector length (tails) and on 1. Tolerance: 1e-5 relative + 1e-6 absolute, i.e. a few float32
 * roundings (EJML's float kernel tolerance is 1e-4).
 */
class FusedKernelsTest {
    private static final double REL = 1e-5;
    private static final double ABS = 1e-6;

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static void close(String what, float actual, double expected) {
        assertThat((double) actual).as(what).isCloseTo(expected, within(ABS + REL * Math.abs(expected)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 17, 33, 255})
    void activationGradientWithBiasSums(int cols) {
        Random r = new Random(cols);
        int rows = 5;
        for (Activation act : Activation.values()) {
            float[] y = random(r, rows * cols);
            if (act == Activation.SIGMOID) {
                for (int i = 0; i < y.length; i++) {
                    y[i] = 1f / (1f + (float) Math.exp(-y[i]));
                }
            } else if (act == Activation.TANH) {
                for (int i = 0; i < y.length; i++) {
                    y[i] = (float) Math.tanh(y[i]);
                }
            } else if (act == Activation.RELU) {
                for (int i = 0; i < y.length; i++) {
                    y[i] = Math.max(y[i], 0f);
                }
            }
            float[] dA = random(r, rows * cols);
            float[] dZ = new float[rows * cols + 2];
            float[] bias = new float[cols + 1];
            bias[0] = 42f; // stale contents must be overwritten, and only from the offset on
            ActivationGradient.backward(act, 0.1f, y, 0, dA, 0, dZ, 2, rows, cols, bias, 1);
            assertThat(bias[0]).isEqualTo(42f);
            for (int j = 0; j < cols; j++) {
                double sum = 0;
                for (int i = 0; i < rows; i++) {
                    double yi = y[i * cols + j];
                    double d = switch (act) {
                        case IDENTITY -> 1;
                        case RELU -> yi > 0 ? 1 : 0;
                        case LEAKY_RELU -> yi > 0 ? 1 : 0.1;
                        case SIGMOID -> yi * (1 - yi);
                        case TANH -> 1 - yi * yi;
                    };
                    double expected = dA[i * cols + j] * d;
                    close(act + " dZ", dZ[2 + i * cols + j], expected);
                    sum += expected;
                }
                close(act + " bias grad", bias[1 + j], sum);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 17, 33, 255})
    void softmaxForwardBackwardAndFusedCrossEntropy(int cols) {
        Random r = new Random(cols);
        int rows = 4;
        float[] x = random(r, rows * cols);
        x[0] = 80f; // large logits must not overflow
        float[] p = x.clone();
        Softmax.forward(p, 0, rows, cols);
        double[] expected = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            double max = Double.NEGATIVE_INFINITY;
            double s = 0;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[i * cols + j]);
            }
            for (int j = 0; j < cols; j++) {
                s += Math.exp(x[i * cols + j] - max);
            }
            for (int j = 0; j < cols; j++) {
                expected[i * cols + j] = Math.exp(x[i * cols + j] - max) / s;
                close("softmax", p[i * cols + j], expected[i * cols + j]);
            }
        }
        float[] dA = random(r, rows * cols);
        float[] dZ = new float[rows * cols];
        Softmax.backward(p, 0, dA, 0, dZ, 0, rows, cols);
        for (int i = 0; i < rows; i++) {
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += (double) dA[i * cols + j] * p[i * cols + j];
            }
            for (int j = 0; j < cols; j++) {
                close("softmax backward", dZ[i * cols + j], p[i * cols + j] * (dA[i * cols + j] - dot));
            }
        }
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = r.nextInt(cols);
        }
        float scale = 1f / rows;
        double loss = LossGradients.softmaxCrossEntropy(p, 0, labels, 0, dZ, 0, rows, cols, scale);
        double expectedLoss = 0;
        for (int i = 0; i < rows; i++) {
            expectedLoss -= Math.log(Math.max(p[i * cols + labels[i]], 1e-7));
            for (int j = 0; j < cols; j++) {
                close("cce gradient", dZ[i * cols + j], (p[i * cols + j] - (j == labels[i] ? 1 : 0)) * scale);
            }
        }
        assertThat(loss).isCloseTo(expectedLoss, within(1e-6 * (1 + expectedLoss))); // clip is 1e-7f, not 1e-7
        assertThat(Double.isFinite(loss)).isTrue(); // p underflowing to 0 is clipped, never log(0)
    }

    /** A row's softmax bits must not depend on its offset nor on the rows around it. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 10, 17, 33})
    void softmaxGivesARowTheSameBitsAtAnyOffsetAndAlone(int cols) {
        Random r = new Random(cols);
        int rows = 5;
        float[] x = random(r, rows * cols);
        x[cols + (1 % cols)] = -100f; // a tail flushed to 0
        float[] reference = x.clone();
        Softmax.forward(reference, 0, rows, cols);
        for (int off = 1; off <= 17; off += 4) {
            float[] shifted = new float[off + x.length + 3];
            java.util.Arrays.fill(shifted, 7f);
            System.arraycopy(x, 0, shifted, off, x.length);
            Softmax.forward(shifted, off, rows, cols);
            for (int i = 0; i < x.length; i++) {
                assertThat(shifted[off + i]).as("offset %d, element %d", off, i).isEqualTo(reference[i]);
            }
            assertThat(shifted[off - 1]).isEqualTo(7f);
            assertThat(shifted[off + x.length]).isEqualTo(7f);
        }
        for (int row = 0; row < rows; row++) {
            float[] alone = java.util.Arrays.copyOfRange(x, row * cols, (row + 1) * cols);
            Softmax.forward(alone, 0, 1, cols);
            for (int j = 0; j < cols; j++) {
                assertThat(alone[j]).as("row %d alone, column %d", row, j).isEqualTo(reference[row * cols + j]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 17, 33, 255})
    void sigmoidBinaryCrossEntropyAndMse(int cols) {
        Random r = new Random(cols);
        int rows = 3;
        float[] y = random(r, rows * cols);
        float[] t = new float[rows * cols];
        for (int i = 0; i < y.length; i++) {
            y[i] = 1f / (1f + (float) Math.exp(-3 * y[i]));
            t[i] = r.nextInt(2);
        }
        y[0] = 0f; // clipped: finite loss
        float scale = 1f / (rows * cols);
        float[] d = new float[y.length];
        double bce = LossGradients.sigmoidBinaryCrossEntropy(y, 0, t, 0, d, 0, rows, cols, scale);
        double mseExpected = 0;
        double bceExpected = 0;
        for (int i = 0; i < y.length; i++) {
            double c = Math.min(Math.max(y[i], 1e-7), 1 - 1e-7);
            bceExpected -= (t[i] * Math.log(c) + (1 - t[i]) * Math.log(1 - c)) / cols;
            mseExpected += (y[i] - t[i]) * (double) (y[i] - t[i]) / cols;
            close("bce gradient", d[i], (y[i] - t[i]) * (double) scale);
        }
        assertThat(bce).isCloseTo(bceExpected, within(1e-4 * bceExpected));
        double mse = LossGradients.meanSquaredError(y, 0, t, 0, d, 0, rows, cols, scale);
        assertThat(mse).isCloseTo(mseExpected, within(1e-9 + 1e-6 * mseExpected));
        for (int i = 0; i < y.length; i++) {
            close("mse gradient", d[i], 2.0 * (y[i] - t[i]) * scale);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 17, 33, 255, 4099}) // 4099: the vector loops (≥ SCALAR_BELOW) and a tail
    void optimiserUpdatesAndRegularisation(int n) {
        Random r = new Random(n);
        float[] w0 = random(r, n + 1);
        float[] g = random(r, n + 1);
        float[] m = random(r, n + 1);
        float[] v = new float[n + 1];
        for (int i = 0; i <= n; i++) {
            v[i] = Math.abs(m[i]) + 0.01f;
        }
        // Adam/AdamW step 3, off = 1
        float[] w = w0.clone();
        float[] m1 = m.clone();
        float[] v1 = v.clone();
        float lr = 0.01f, b1 = 0.9f, b2 = 0.999f, eps = 1e-7f, wd = 0.1f;
        float c1 = (float) (1 - Math.pow(b1, 3)), c2 = (float) (1 - Math.pow(b2, 3));
        ParameterUpdates.adam(w, g, m1, v1, 1, n, lr, b1, b2, eps, c1, c2, wd);
        assertThat(w[0]).isEqualTo(w0[0]);
        for (int i = 1; i <= n; i++) {
            double mi = b1 * (double) m[i] + (1 - b1) * (double) g[i];
            double vi = b2 * (double) v[i] + (1 - b2) * (double) g[i] * g[i];
            double expected = w0[i] * (1 - lr * wd) - lr * (mi / c1) / (Math.sqrt(vi / c2) + eps);
            close("adam m", m1[i], mi);
            close("adam v", v1[i], vi);
            close("adamw w", w[i], expected);
        }
        // SGD with Nesterov momentum
        w = w0.clone();
        float[] vel = m.clone();
        ParameterUpdates.sgd(w, g, vel, 1, n, lr, 0.9f, true);
        for (int i = 1; i <= n; i++) {
            double vi = 0.9 * m[i] + g[i];
            close("sgd velocity", vel[i], vi);
            close("nesterov w", w[i], w0[i] - lr * (g[i] + 0.9 * vi));
        }
        // RMSprop
        w = w0.clone();
        float[] cache = v.clone();
        ParameterUpdates.rmsProp(w, g, cache, 1, n, lr, 0.9f, eps);
        for (int i = 1; i <= n; i++) {
            double ci = 0.9 * v[i] + 0.1 * (double) g[i] * g[i];
            close("rmsprop cache", cache[i], ci);
            close("rmsprop w", w[i], w0[i] - lr * g[i] / (Math.sqrt(ci) + eps));
        }
        // L1 + L2
        float[] g2 = g.clone();
        double penalty = ParameterUpdates.regularize(w0, g2, 1, n, 0.01f, 0.02f);
        double expectedPenalty = 0;
        for (int i = 1; i <= n; i++) {
            expectedPenalty += 0.01 * Math.abs(w0[i]) + 0.02 * (double) w0[i] * w0[i];
            close("regularised gradient", g2[i], g[i] + (w0[i] < 0 ? -0.01 : 0.01) + 0.04 * w0[i]);
        }
        // short ranges sum in double (1e-6 as before); long ones in float lanes, where a sum of n
        // positive terms has a relative error up to about n·2⁻²⁴ (γₙ)
        double penaltyTolerance = n < ParameterUpdates.SCALAR_BELOW ? 1e-6 : 1e-6 + n * 0x1p-24;
        assertThat(penalty).isCloseTo(expectedPenalty, within(penaltyTolerance * (1 + expectedPenalty)));
        assertThat(ParameterUpdates.penalty(w0, 1, n, 0.01f, 0.02f)).isCloseTo(expectedPenalty, within(1e-6 * (1 + expectedPenalty)));
    }

    /**
     * Ranges shorter than SCALAR_BELOW run the scalar loop, longer ones the vector loop: an
     * element's update must not depend on which, i.e. on how a caller split the parameters.
     */
    @Test
    void optimiserStepsGiveTheSameBitsWhateverTheRangeSplit() {
        Random r = new Random(42);
        int n = 5000;
        int[] cuts = {0, 1000, 2000, n}; // 1000, 1000 (scalar) and 3000 (vector + tail)
        float[] w0 = random(r, n);
        float[] g = random(r, n);
        float[] m0 = random(r, n);
        float[] v0 = new float[n];
        for (int i = 0; i < n; i++) {
            v0[i] = Math.abs(m0[i]) + 0.01f;
        }
        float[][] whole = {w0.clone(), m0.clone(), v0.clone(), g.clone()};
        float[][] split = {w0.clone(), m0.clone(), v0.clone(), g.clone()};
        ParameterUpdates.adam(whole[0], g, whole[1], whole[2], 0, n, 0.01f, 0.9f, 0.999f, 1e-7f, 0.271f, 0.003f, 0.1f);
        ParameterUpdates.sgd(whole[0], g, whole[1], 0, n, 0.01f, 0.9f, true);
        ParameterUpdates.sgd(whole[0], g, null, 0, n, 0.01f, 0f, false);
        ParameterUpdates.rmsProp(whole[0], g, whole[2], 0, n, 0.01f, 0.9f, 1e-7f);
        ParameterUpdates.regularize(whole[0], whole[3], 0, n, 0.01f, 0.02f);
        for (int c = 0; c + 1 < cuts.length; c++) {
            int off = cuts[c];
            int len = cuts[c + 1] - off;
            ParameterUpdates.adam(split[0], g, split[1], split[2], off, len, 0.01f, 0.9f, 0.999f, 1e-7f, 0.271f, 0.003f, 0.1f);
            ParameterUpdates.sgd(split[0], g, split[1], off, len, 0.01f, 0.9f, true);
            ParameterUpdates.sgd(split[0], g, null, off, len, 0.01f, 0f, false);
            ParameterUpdates.rmsProp(split[0], g, split[2], off, len, 0.01f, 0.9f, 1e-7f);
            ParameterUpdates.regularize(split[0], split[3], off, len, 0.01f, 0.02f);
        }
        for (int b = 0; b < whole.length; b++) {
            for (int i = 0; i < n; i++) {
                assertThat(Float.floatToRawIntBits(split[b][i])).as("buffer %d, element %d", b, i)
                        .isEqualTo(Float.floatToRawIntBits(whole[b][i]));
            }
        }
    }

    /** A one-unit layer's activation, applied per row by its scalar twin, matches the vector epilogue bit for bit. */
    @ParameterizedTest
    @ValueSource(ints = {1, 17, 70})
    void singleOutputActivationMatchesTheVectorEpilogue(int k) {
        Random r = new Random(k);
        int rows = 40;
        float[] x = random(r, rows * k);
        float[] w = random(r, k);
        for (Activation act : Activation.values()) {
            float[] fused = new float[rows];
            SingleOutput.forward(x, 0, w, 0, 0.3f, fused, 0, rows, k, act, 0.1f);
            float[] ownScratch = new float[rows]; // the caller's scratch instead of the thread's: same bits
            SingleOutput.forward(x, 0, w, 0, 0.3f, ownScratch, 0, rows, k, act, 0.1f, SingleOutput.newScratch());
            assertThat(ownScratch).as("%s with the caller's scratch", act).isEqualTo(fused);
            float[] separate = new float[rows];
            SingleOutput.forward(x, 0, w, 0, 0.3f, separate, 0, rows, k, Activation.IDENTITY, 0f);
            BiasActivation.apply(separate, 0, rows, 1, rows, new Epilogue(act, 0.1f, null, 0));
            for (int i = 0; i < rows; i++) {
                assertThat(Float.floatToRawIntBits(fused[i])).as("%s row %d", act, i)
                        .isEqualTo(Float.floatToRawIntBits(separate[i]));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void singleOutputRejectsAScratchShorterThanAVector() {
        float[] shortScratch = new float[SingleOutput.newScratch().length - 1];
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SingleOutput.forward(new float[4], 0, new float[4], 0,
                        0f, new float[1], 0, 1, 4, Activation.IDENTITY, 0f, shortScratch))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lane scratch needs");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 17, 33, 255})
    void singleOutputProducts(int k) {
        Random r = new Random(k);
        int rows = 6;
        float[] x = random(r, rows * k + 1);
        float[] w = random(r, k + 2);
        float[] y = new float[rows];
        SingleOutput.forward(x, 1, w, 2, 0.5f, y, 0, rows, k, Activation.IDENTITY, 0f);
        float[] dZ = random(r, rows);
        float[] dW = new float[k];
        SingleOutput.weightGradient(x, 1, dZ, 0, dW, 0, rows, k);
        float[] dX = new float[rows * k];
        SingleOutput.inputGradient(dZ, 0, w, 2, dX, 0, rows, k);
        for (int i = 0; i < rows; i++) {
            double dot = 0.5;
            double mag = 0.5;
            for (int p = 0; p < k; p++) {
                dot += (double) x[1 + i * k + p] * w[2 + p];
                mag += Math.abs((double) x[1 + i * k + p] * w[2 + p]);
                close("dX", dX[i * k + p], (double) dZ[i] * w[2 + p]);
            }
            // a float dot product of k terms: error ≤ k·ulp·Σ|terms|
            assertThat((double) y[i]).as("y").isCloseTo(dot, within(ABS + 1e-7 * k * mag));
        }
        for (int p = 0; p < k; p++) {
            double sum = 0;
            double mag = 0;
            for (int i = 0; i < rows; i++) {
                sum += (double) dZ[i] * x[1 + i * k + p];
                mag += Math.abs((double) dZ[i] * x[1 + i * k + p]);
            }
            assertThat((double) dW[p]).as("dW").isCloseTo(sum, within(ABS + 1e-6 * mag));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 17, 33, 255, 10_000})
    void reductionSumsInShardOrder(int n) {
        Random r = new Random(n);
        float[][] parts = {random(r, n), random(r, n), random(r, n), random(r, n)};
        float[] dst = parts[0].clone();
        Reduction.addInOrder(dst, parts, 1, 4, 0, n);
        for (int i = 0; i < n; i++) {
            float expected = ((parts[0][i] + parts[1][i]) + parts[2][i]) + parts[3][i]; // exact order
            assertThat(dst[i]).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 255, 100_000})
    void dropoutMaskIsAPureFunctionOfTheSeedWithTheRightRate(int n) {
        float[] a = new float[n];
        float[] b = new float[n];
        DropoutMask.fillMask(a, 0, n, 123L, 0.3f);
        DropoutMask.fillMask(b, 0, n, 123L, 0.3f);
        assertThat(a).isEqualTo(b);
        int kept = 0;
        for (float f : a) {
            assertThat(f == 0f || f == 1f / 0.7f).isTrue();
            kept += f == 0f ? 0 : 1;
        }
        if (n == 100_000) {
            assertThat(kept / (double) n).isCloseTo(0.7, within(0.01));
        }
        float[] x = random(new Random(n), n);
        float[] out = new float[n];
        DropoutMask.multiply(x, 0, a, 0, out, 0, n);
        for (int i = 0; i < n; i++) {
            assertThat(out[i]).isEqualTo(x[i] * a[i]);
        }
    }
}
