package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.backprop4j.model.Activations;
import org.backprop4j.model.Adam;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Loss;
import org.backprop4j.model.Sgd;
import org.junit.jupiter.api.Test;

/** Worked examples from the textbooks, checked to float32 precision. */
class TextbookExamplesTest {

    /** float32 of a value near 1 is within half an ulp ≈ 6e-8; a few roundings stay below 1e-6. */
    private static final double F32 = 1e-6;

    @Test
    void twoSigmoidNeuronsOneGradientDescentStep() {
        // x=0.5, y=1, W1=0.4, b1=0.3, W2=0.7, b2=0.2; sigmoid hidden and output; L = ½(y − a2)²
        var model = Sequential.of(new Dense(1, 1), Activations.sigmoid(), new Dense(1, 1), Activations.sigmoid());
        model.setParameters(new float[] {0.4f, 0.3f, 0.7f, 0.2f}); // W1, b1, W2, b2
        // ½(y − a)² is MSE (mean over one output) × ½: value and gradient both halved, nothing fudged
        model.compile(Loss.mse().scaled(0.5f), new Sgd(0.1f));
        float[] x = {0.5f};
        float[] y = {1f};

        assertThat(model.predict(x)[0]).isCloseTo(0.653786f, within(1e-6f));
        assertThat(model.evaluate(x, y).dataLoss()).isCloseTo(0.059932, within(1e-6));

        model.trainOnBatch(x, y);
        float[] p = model.parameters();
        assertThat((double) p[0]).isCloseTo(0.4006445672678901, within(F32));
        assertThat((double) p[1]).isCloseTo(0.3012891345357802, within(F32));
        assertThat((double) p[2]).isCloseTo(0.7048779400938787, within(F32));
        assertThat((double) p[3]).isCloseTo(0.20783656031705777, within(F32));
    }

    @Test
    void reluChainGradientsAndStep() {
        // a1 = m1·x, ŷ = ReLU(a1·m2), L = ½(ŷ − y)²; x=2, y=1, m1=3, m2=0.5, lr=0.1 (biases 0)
        var model = Sequential.of(new Dense(1, 1), new Dense(1, 1), Activations.relu());
        model.setParameters(new float[] {3f, 0f, 0.5f, 0f}); // m1, b1, m2, b2
        model.compile(Loss.mse().scaled(0.5f), new Sgd(0.1f));

        model.trainOnBatch(new float[] {2f}, new float[] {1f});

        float[] g = model.gradients();
        assertThat(g[0]).as("dL/dm1").isEqualTo(2f);
        assertThat(g[2]).as("dL/dm2").isEqualTo(12f);
        float[] p = model.parameters();
        assertThat(p[0]).as("m1").isCloseTo(2.8f, within(1e-6f));
        assertThat(p[2]).as("m2").isCloseTo(-0.7f, within(1e-6f));
    }

    @Test
    void adamStepsMatchTheHandComputedUpdate() {
        float lr = 0.01f;
        float decay = 0.1f;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-7;
        var adam = new Adam(lr).decay(decay);
        float[] w = {0.5f, -1f, 2f};
        float[] g1 = {0.1f, -0.2f, 0f};
        float[] g2 = {-0.3f, 0.05f, 1e-4f};
        double[] expected = {0.5, -1, 2};
        double[] m = new double[3];
        double[] v = new double[3];
        float[][] grads = {g1, g2};
        for (int t = 1; t <= 2; t++) {
            double lrT = lr / (1 + decay * (t - 1)); // nnfs decay: lr/(1 + decay·iterations)
            for (int i = 0; i < 3; i++) {
                double gi = grads[t - 1][i];
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                expected[i] -= lrT * mHat / (Math.sqrt(vHat) + eps); // ε after the root of v̂
            }
            adam.step(w, grads[t - 1]);
            for (int i = 0; i < 3; i++) {
                assertThat((double) w[i]).as("w[%d] after step %d", i, t).isCloseTo(expected[i], within(1e-6));
            }
        }
        // step 1 moves each weight with a nonzero gradient by lr·g/(|g| + ε) ≈ lr exactly
        assertThat(expected[2]).isNotEqualTo(2.0);
        assertThat(adam.steps()).isEqualTo(2);
        assertThat(adam.learningRate()).isCloseTo(lr / (1 + 2 * decay), within(1e-9f));
    }
}
