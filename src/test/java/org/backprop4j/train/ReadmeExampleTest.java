package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.backprop4j.model.Activations;
import org.backprop4j.model.Adam;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Dropout;
import org.backprop4j.model.Loss;
import org.junit.jupiter.api.Test;

/** The README's training example, kept compiling and working. */
class ReadmeExampleTest {

    @Test
    void readmeExampleTrains() {
        var rnd = new java.util.Random(1);
        int rows = 3000;
        float[] x = new float[rows * 2];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            float a = (float) rnd.nextGaussian();
            float b = (float) rnd.nextGaussian();
            x[2 * i] = a;
            x[2 * i + 1] = b;
            y[i] = a < 0 && b < 0 ? 2 : a > b ? 0 : 1;
        }
        var model = Sequential.of(
                new Dense(2, 32).weightL2(5e-4f), Activations.relu(),
                new Dropout(0.1f),
                new Dense(32, 3), Activations.softmax());
        model.compile(Loss.categoricalCrossEntropy(), new Adam(1e-2f).decay(1e-4f));
        int[] batchEnds = new int[1];
        History h = model.fit(x, y, FitOptions.epochs(20).batchSize(128).shuffle(42)
                .validation(x, y).threads(2)
                .listener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(Progress p) {
                        batchEnds[0]++;
                    }

                    @Override
                    public void onEpochEnd(Progress p) {
                        if (p.accuracy() > 0.99) {
                            p.requestStop();
                        }
                    }
                }));
        float[] probabilities = model.predict(new float[] {1f, -1f});
        Evaluation e = model.evaluate(x, y);

        assertThat(batchEnds[0]).isEqualTo(h.size() * 24); // 3000 rows / 128 = 24 batches
        assertThat(h.validationAccuracy(h.size() - 1)).isGreaterThan(0.95);
        assertThat(probabilities).hasSize(3);
        assertThat(probabilities[0]).isGreaterThan(0.5f);
        assertThat(e.accuracy()).isGreaterThan(0.95);
        assertThat(e.regularizationLoss()).isGreaterThan(0);
        assertThat(model.epoch()).isEqualTo(h.size());
    }

    /** The README's data-set snippet (one epoch here, five there), when Fashion-MNIST is installed. */
    @Test
    void readmeDatasetSnippetTrains() throws java.io.IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isDirectory(org.backprop4j.data.FashionMnist.DEBIAN_DIRECTORY),
                "Fashion-MNIST not installed (Debian: dataset-fashion-mnist)");
        var model = Sequential.of(new Dense(784, 256), Activations.relu(), new Dense(256, 128),
                Activations.relu(), new Dense(128, 10), Activations.softmax());
        model.compile(Loss.categoricalCrossEntropy(), new Adam(1e-3f));

        var fashion = org.backprop4j.data.FashionMnist.load(org.backprop4j.data.FashionMnist.DEBIAN_DIRECTORY);
        var pixels = org.backprop4j.data.Normalizer.pixels().fit(fashion.train());
        model.fit(pixels.apply(fashion.train()), FitOptions.epochs(1).batchSize(128).shuffle(1)
                .validation(pixels.apply(fashion.test())));

        assertThat(model.evaluate(pixels.apply(fashion.test())).accuracy()).isGreaterThan(0.8);
    }
}
