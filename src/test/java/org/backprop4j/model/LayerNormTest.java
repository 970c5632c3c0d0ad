package org.backprop4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.backprop4j.io.Checkpoint;
import org.backprop4j.io.ModelFile;
import org.backprop4j.kernel.LayerNormalization;
import org.backprop4j.kernel.SingleOutput;
import org.backprop4j.train.FitOptions;
import org.backprop4j.train.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LayerNorm against PyTorch's nn.LayerNorm formula (a double reimplementation of it, {@link
 * DoubleReference#layerNorm}: python3-torch is not installed here), its kernel's scalar twin, its
 * model-file round trip and its thread-count determinism. Gradients: {@link GradientCheckTest}.
 */
class LayerNormTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    @TempDir
    Path dir;

    @Test
    void forwardMatchesPyTorchsFormula() {
        Random random = new Random(3);
        for (int n : new int[] {1, 5, L, 2 * L + 3, 100}) {
            int rows = 6;
            Network net = new Network(0, new LayerNorm(n), new Dense(n, 1));
            float[] p = net.parameters();
            for (int j = 0; j < 2 * n; j++) { // γ and β away from their 1 and 0
                p[j] = (float) random.nextGaussian();
            }
            float[] x = new float[rows * n];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextGaussian() * 3 + (i % n == 0 ? 40 : 0)); // an offset row mean
            }
            Workspace ws = net.newWorkspace(rows);
            net.forward(ws, x, 0, rows, false, 0);
            float[] y = ws.out[0];

            double[] expected = DoubleReference.layerNorm(toDouble(x), rows, toDouble(p), 0, n);
            for (int i = 0; i < rows * n; i++) {
                assertThat((double) y[i]).as("n %d, element %d", n, i).isCloseTo(expected[i], within(2e-5 * Math.max(1, Math.abs(expected[i]))));
            }
        }
    }

    @Test
    void theScalarTailIsTheTwinOfTheVectorBody() {
        int n = 2 * L + 3; // two vectors and a tail of 3
        float[] x = new float[n];
        float[] p = new float[2 * n];
        for (int j = 0; j < n; j++) {
            x[j] = j % 2 == 0 ? 0.3f : -1.7f; // position 0 (vector) and position 2L (tail) hold the same value
            p[j] = 1.25f;
            p[n + j] = -0.5f;
        }
        float[] y = new float[n];
        float[] stats = new float[2];
        float[] lanes = SingleOutput.newScratch();
        LayerNormalization.forward(x, 0, p, 0, n, y, stats, 1, n, LayerNorm.EPSILON, lanes);
        assertThat(Float.floatToRawIntBits(y[2 * L])).isEqualTo(Float.floatToRawIntBits(y[0]));

        float[] dy = new float[n];
        for (int j = 0; j < n; j++) {
            dy[j] = j % 2 == 0 ? 0.75f : 0.1f;
        }
        float[] dx = new float[n];
        float[] grads = new float[2 * n];
        LayerNormalization.backward(x, 0, p, 0, stats, dy, dx, grads, n, 1, n, lanes);
        assertThat(Float.floatToRawIntBits(dx[2 * L])).isEqualTo(Float.floatToRawIntBits(dx[0]));
        assertThat(Float.floatToRawIntBits(grads[2 * L])).as("dγ").isEqualTo(Float.floatToRawIntBits(grads[0]));
        assertThat(grads[n + 2 * L]).as("dβ").isEqualTo(0.75f);
    }

    @Test
    void startsAsPyTorchDoesAndIsCheckedAndDescribed() {
        Network net = new Network(5, new Dense(2, 3), new LayerNorm(3));
        assertThat(net.parameterBlocks()).containsExactly(new ParameterBlock(0, "weights", 0, 2, 3),
                new ParameterBlock(0, "biases", 6, 1, 3), new ParameterBlock(1, "gain", 9, 1, 3),
                new ParameterBlock(1, "bias", 12, 1, 3));
        assertThat(java.util.Arrays.copyOfRange(net.parameters(), 9, 15)).containsExactly(1f, 1f, 1f, 0f, 0f, 0f);
        assertThatThrownBy(() -> new LayerNorm(0)).hasMessage("LayerNorm(0): features must be > 0");
        assertThatThrownBy(() -> new Network(5, new Dense(2, 3), new LayerNorm(4)))
                .hasMessage("shape mismatch: layer 2 LayerNorm(4) expects 4 inputs but layer 1 Dense(2, 3) outputs 3");
        LayerNorm shared = new LayerNorm(3);
        Dense first = new Dense(2, 3);
        assertThatThrownBy(() -> new Network(5, first, shared, new Dense(3, 3), shared))
                .hasMessage("layer 4 LayerNorm(3) is the same object as layer 2");
        new Network(5, first, Activations.relu(), new Dense(3, 1)); // a refused network bound none of its layers
    }

    @Test
    void aModelFileHoldsItExactly() throws IOException {
        Sequential model = trained(1);
        Path file = dir.resolve("layernorm.bp4j");
        ModelFile.save(Checkpoint.of(model), file);

        Sequential loaded = ModelFile.load(file).model();

        assertThat(ModelFile.describe(loaded.network().layers())).isEqualTo(ModelFile.describe(model.network().layers()));
        assertThat(loaded.parameters()).containsExactly(model.parameters());
        float[] x = inputs();
        assertThat(loaded.predict(x)).containsExactly(model.predict(x));
    }

    @Test
    void givesTheSameWeightsOnAnyNumberOfThreads() {
        float[] one = trained(1).parameters();
        for (int threads = 2; threads <= 3; threads++) {
            assertThat(trained(threads).parameters()).as("%d threads", threads).containsExactly(one);
        }
    }

    private static Sequential trained(int threads) {
        Sequential model = Sequential.of(new Dense(3, 20), new LayerNorm(20), Activations.relu(), new Dropout(0.1f),
                new Dense(20, 3), Activations.softmax()).initialize(2)
                .compile(Loss.categoricalCrossEntropy(), new Adam(1e-2f));
        float[] x = inputs();
        int[] y = new int[x.length / 3];
        for (int r = 0; r < y.length; r++) {
            y[r] = x[3 * r] > x[3 * r + 1] ? 0 : x[3 * r + 2] > 0 ? 1 : 2;
        }
        model.fit(x, y, FitOptions.epochs(3).batchSize(64).shardSize(16).shuffle(1).threads(threads));
        return model;
    }

    private static float[] inputs() {
        Random random = new Random(9);
        float[] x = new float[300 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
