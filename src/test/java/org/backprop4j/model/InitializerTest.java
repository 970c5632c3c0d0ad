package org.backprop4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The initialisers' distributions, seeds and defaults. Statistical bounds are five standard errors
 * of the estimate for the sample drawn (so a correct initialiser fails about once in 10⁶ seeds,
 * and these seeds are fixed), while a wrong scale (e.g. He's √(2/n) for Glorot's) is off by more.
 */
class InitializerTest {
    private static final int IN = 400;
    private static final int OUT = 300;

    @Test
    void heIsNormalWithStdRootTwoOverInputs() {
        float[] w = draw(Initializer.he(), 7);
        double std = Math.sqrt(2.0 / IN);
        assertThat(mean(w)).isBetween(-5 * std / Math.sqrt(w.length), 5 * std / Math.sqrt(w.length));
        // the sample std of n normals has standard error std / sqrt(2n)
        assertThat(Math.sqrt(meanSquare(w))).isBetween(std * (1 - 5 / Math.sqrt(2.0 * w.length)),
                std * (1 + 5 / Math.sqrt(2.0 * w.length)));
    }

    @Test
    void glorotIsUniformWithinItsLimit() {
        float[] w = draw(Initializer.glorot(), 7);
        double limit = Math.sqrt(6.0 / (IN + OUT));
        double max = 0;
        for (float v : w) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).isLessThanOrEqualTo(limit).isGreaterThan(0.999 * limit);
        // uniform(-a, a): E[w²] = a²/3, and w² has std a²·√(4/45)
        double se = limit * limit * Math.sqrt(4.0 / 45) / Math.sqrt(w.length);
        assertThat(meanSquare(w)).isBetween(limit * limit / 3 - 5 * se, limit * limit / 3 + 5 * se);
    }

    @Test
    void normalHasTheGivenStdAndASeedGivesTheSameWeights() {
        float[] w = draw(Initializer.normal(0.01), 3);
        assertThat(Math.sqrt(meanSquare(w))).isBetween(0.01 * (1 - 5 / Math.sqrt(2.0 * w.length)),
                0.01 * (1 + 5 / Math.sqrt(2.0 * w.length)));
        assertThat(draw(Initializer.normal(0.01), 3)).isEqualTo(w);
        assertThat(draw(Initializer.normal(0.01), 4)).isNotEqualTo(w);
    }

    @Test
    void valuesAreCopiedWhateverTheSeedAndMustFitTheLayer() {
        float[] given = {1, 2, 3, 4, 5, 6};
        Initializer init = Initializer.values(given);
        given[0] = 99; // copied when made
        float[] w = new float[8];
        init.initialize(w, 1, 2, 3, 12345);
        assertThat(w).containsExactly(0, 1, 2, 3, 4, 5, 6, 0);
        assertThatThrownBy(() -> init.initialize(new float[6], 0, 3, 3, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 6 weights").hasMessageContaining("3×3 layer needs 9");
    }

    @Test
    void aNetworkDefaultsToHeBeforeReluAndGlorotOtherwiseWithZeroBiases() {
        Dense relu = new Dense(IN, OUT);
        Dense out = new Dense(OUT, 10);
        new Network(11, relu, Activations.relu(), out, Activations.softmax());
        assertThat(Math.sqrt(meanSquare(relu.weights()))).isCloseTo(Math.sqrt(2.0 / IN),
                org.assertj.core.data.Percentage.withPercentage(3));
        double glorotLimit = Math.sqrt(6.0 / (OUT + 10));
        assertThat(Math.sqrt(meanSquare(out.weights()))).isCloseTo(glorotLimit / Math.sqrt(3),
                org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(relu.biases()).containsOnly(0f);
        assertThat(out.biases()).containsOnly(0f);
    }

    private static float[] draw(Initializer init, long seed) {
        float[] w = new float[IN * OUT];
        init.initialize(w, 0, IN, OUT, seed);
        return w;
    }

    private static double mean(float[] w) {
        double s = 0;
        for (float v : w) {
            s += v;
        }
        return s / w.length;
    }

    private static double meanSquare(float[] w) {
        double s = 0;
        for (float v : w) {
            s += (double) v * v;
        }
        return s / w.length;
    }
}
