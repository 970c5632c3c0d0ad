package org.backprop4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Analytic gradients of the float engine against central finite differences of
 * {@link DoubleReference} in double precision.
 *
 * <p>Bound: with h = 1e-6 in double, the difference quotient's truncation error is O(h²·f''') ≈
 * 1e-12 and its rounding error ≈ 1e-16/h = 1e-10, so the numeric gradient is exact to ~1e-9. The
 * analytic side is float32: each of its few dozen roundings adds ~6e-8 relative, so we require
 * relative error |a − n| / max(|a|, |n|) ≤ 1e-3 (DL4J's bound) wherever max(|a|, |n|) ≥ 1e-5,
 * and absolute error ≤ 1e-7 below that, where float cancellation dominates the ratio.
 */
class GradientCheckTest {
    private static final double H = 1e-6;
    private static final double MAX_RELATIVE = 1e-3;
    private static final double MIN_MAGNITUDE = 1e-5;
    private static final double MAX_ABSOLUTE = 1e-7;

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("dense linear + mse", (Case) () -> new Layer[] {new Dense(3, 4)}, Loss.mse(), false),
                Arguments.of("dense relu + mse", (Case) () -> new Layer[] {new Dense(3, 5), Activations.relu()}, Loss.mse(), false),
                Arguments.of("dense leaky relu + mse", (Case) () -> new Layer[] {new Dense(3, 5), Activations.leakyRelu(0.1f)}, Loss.mse(), false),
                Arguments.of("dense tanh + mse", (Case) () -> new Layer[] {new Dense(4, 3), Activations.tanh()}, Loss.mse(), false),
                Arguments.of("dense sigmoid + mse", (Case) () -> new Layer[] {new Dense(4, 3), Activations.sigmoid()}, Loss.mse(), false),
                Arguments.of("sigmoid + bce (fused)", (Case) () -> new Layer[] {new Dense(4, 2), Activations.sigmoid()}, Loss.binaryCrossEntropy(), false),
                Arguments.of("tanh→sigmoid standalone + bce", (Case) () -> new Layer[] {new Dense(4, 3), new Dropout(0f), Activations.sigmoid()}, Loss.binaryCrossEntropy(), false),
                Arguments.of("softmax + cce labels (fused)", (Case) () -> new Layer[] {new Dense(4, 5), Activations.softmax()}, Loss.categoricalCrossEntropy(), true),
                Arguments.of("softmax + cce one-hot (fused)", (Case) () -> new Layer[] {new Dense(4, 5), Activations.softmax()}, Loss.categoricalCrossEntropy(), false),
                Arguments.of("softmax + mse (softmax backward)", (Case) () -> new Layer[] {new Dense(4, 5), Activations.softmax()}, Loss.mse(), false),
                Arguments.of("standalone softmax + cce (generic)", (Case) () -> new Layer[] {new Dense(4, 5), new Dropout(0f), Activations.softmax()}, Loss.categoricalCrossEntropy(), false),
                Arguments.of("scaled loss", (Case) () -> new Layer[] {new Dense(2, 2), Activations.tanh()}, Loss.mse().scaled(0.5f), false),
                Arguments.of("L1 + L2 on weights and biases", (Case) () -> new Layer[] {
                        new Dense(3, 4).weightL1(1e-2f).weightL2(2e-2f).biasL1(3e-2f).biasL2(4e-2f), Activations.tanh()},
                        Loss.mse(), false),
                Arguments.of("whole net relu/tanh/softmax", (Case) () -> new Layer[] {
                        new Dense(5, 8).weightL2(1e-3f), Activations.relu(), new Dense(8, 6), Activations.tanh(),
                        new Dense(6, 4), Activations.softmax()}, Loss.categoricalCrossEntropy(), true),
                Arguments.of("whole net with standalone activation", (Case) () -> new Layer[] {
                        new Dense(3, 7), new Dropout(0f), Activations.leakyRelu(0.2f), new Dense(7, 1), Activations.sigmoid()},
                        Loss.binaryCrossEntropy(), false),
                Arguments.of("activation before the first dense", (Case) () -> new Layer[] {
                        Activations.tanh(), new Dense(3, 4), Activations.sigmoid(), new Dense(4, 2)}, Loss.mse(), false),
                Arguments.of("layer norm + mse", (Case) () -> new Layer[] {
                        new Dense(3, 5), new LayerNorm(5)}, Loss.mse(), false),
                Arguments.of("layer norm first, a vector body and a tail", (Case) () -> new Layer[] {
                        new LayerNorm(19), new Dense(19, 3), Activations.softmax()}, Loss.categoricalCrossEntropy(), true),
                Arguments.of("layer norm between dense layers", (Case) () -> new Layer[] {
                        new Dense(4, 6).weightL2(1e-2f), new LayerNorm(6), Activations.relu(), new Dense(6, 1),
                        Activations.sigmoid()}, Loss.binaryCrossEntropy(), false));
    }

    interface Case {
        Layer[] layers();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void analyticGradientMatchesFiniteDifferences(String name, Case c, Loss loss, boolean labels) {
        Network net = new Network(11, c.layers());
        Random random = new Random(name.hashCode());
        float[] params = net.parameters();
        for (int i = 0; i < params.length; i++) { // biases nonzero too, so every path is exercised
            params[i] = (float) (random.nextGaussian() * 0.7);
        }
        int rows = 7;
        int in = net.inputs();
        int out = net.outputs();
        float[] x = new float[rows * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        int[] y = new int[rows];
        float[] t = new float[rows * out];
        for (int r = 0; r < rows; r++) {
            y[r] = random.nextInt(out);
            for (int j = 0; j < out; j++) {
                t[r * out + j] = loss.kind() == Loss.Kind.CATEGORICAL_CROSS_ENTROPY
                        ? (y[r] == j ? 1f : 0f)
                        : loss.kind() == Loss.Kind.BINARY_CROSS_ENTROPY ? random.nextInt(2) : (float) random.nextGaussian();
            }
        }

        Workspace ws = net.newWorkspace(rows);
        net.forward(ws, x, 0, rows, true, 0);
        net.lossGradient(ws, loss, rows, rows, labels ? y : null, labels ? null : t, 0);
        net.backward(ws, x, 0, rows, net.gradients());
        net.regularize(net.gradients());
        float[] analytic = net.gradients().clone();

        double[] p = new double[params.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = params[i];
        }
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xd[i] = x[i];
        }
        double[] td = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            td[i] = t[i];
        }
        for (int i = 0; i < p.length; i++) {
            double saved = p[i];
            p[i] = saved + H;
            double plus = DoubleReference.loss(net.layers(), p, xd, rows, labels ? y : null, td, loss);
            p[i] = saved - H;
            double minus = DoubleReference.loss(net.layers(), p, xd, rows, labels ? y : null, td, loss);
            p[i] = saved;
            double numeric = (plus - minus) / (2 * H);
            double a = analytic[i];
            double magnitude = Math.max(Math.abs(a), Math.abs(numeric));
            if (magnitude >= MIN_MAGNITUDE) {
                assertThat(Math.abs(a - numeric) / magnitude).as("%s: relative error of parameter %d (analytic %s, numeric %s)",
                        name, i, a, numeric).isLessThanOrEqualTo(MAX_RELATIVE);
            } else {
                assertThat(Math.abs(a - numeric)).as("%s: absolute error of parameter %d", name, i)
                        .isLessThanOrEqualTo(MAX_ABSOLUTE);
            }
        }
    }
}
