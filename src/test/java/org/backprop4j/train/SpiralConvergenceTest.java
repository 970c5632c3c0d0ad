package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Spirals;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Adam;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Initializer;
import org.backprop4j.model.Loss;
import org.junit.jupiter.api.Test;

/**
 * The nnfs spiral tasks train to the accuracy equivalent implementations reach. A single draw of
 * 200 noisy points decides a lot (numpy's nnfs code ends between 0.90 and 0.945 on its own data,
 * and small float differences move a run within that band), so each task runs on several data
 * draws (5 for three classes, 25 for two) and the test asserts on medians and a low quantile.
 */
class SpiralConvergenceTest {
    private static final long[] DATA_SEEDS = {1, 2, 3, 4, 5};

    @Test
    void theBooksOwnRunEndsInTheBandOfEquivalentImplementations() {
        // nnfs ch. 16 exactly: the book's data, initial weights and test set from numpy's stream
        // (seed 0). numpy's nnfs code ends at 0.945 train, 0.920 validation; equivalent
        // implementations agree to about epoch 500 and then part by rounding, ending in the band
        // the issue states: 0.90-0.95 train, 0.86-0.92 validation. Measured here: 0.935 / 0.915
        // with 16-float vectors (AVX-512), 0.95 / 0.915 with 8 (AVX2), 0.925 / 0.91 with 4,
        // whose sums round differently; shuffling the one batch's rows gives 0.96 / 0.925.
        Spirals.NnfsDraw book = Spirals.nnfs(100, 2, 0, 2, 64, 1);
        Dataset data = book.train();
        Dataset test = book.test();
        var model = Sequential.of(new Dense(2, 64).weightL2(5e-4f).biasL2(5e-4f)
                        .initializer(Initializer.values(book.weights().get(0))), Activations.relu(),
                new Dense(64, 1).initializer(Initializer.values(book.weights().get(1))), Activations.sigmoid());
        model.compile(Loss.binaryCrossEntropy(), new Adam(1e-3f).decay(5e-7f).epsilon(1e-7f));

        History h = model.fit(data.featureData(), data.labels(), FitOptions.epochs(10_001).batchSize(200).noShuffle(0));

        double validation = model.evaluate(test.featureData(), test.labels()).accuracy();
        System.out.printf("nnfs's own spiral run: train %.3f, validation %.3f%n", h.lastAccuracy(), validation);
        assertThat(h.lastAccuracy()).isBetween(0.90, 0.95);
        assertThat(validation).isBetween(0.86, 0.92);
    }

    /**
     * nnfs ch. 16: 2 classes × 100 points, Dense(2,64) L2 5e-4 on weights and biases, ReLU,
     * Dense(64,1), Sigmoid, BCE, Adam(lr 1e-3, decay 5e-7, eps 1e-7), 10,001 full-batch epochs,
     * nnfs's 0.01·randn initialisation; validation on a fresh spiral set. This task's draws
     * spread widely (0.70–0.975), so it runs on 25 of them, and the bars sit below what an
     * equivalent implementation reaches on the same 25: PyTorch 1.13 (the peers' twin,
     * torch_spiral.py's model and update, its own 0.01·randn weights; scripts/peers/SpiralDraws.java
     * writes the draws and torch_spiral_draws.py beside it runs them) ends at a train median of
     * 0.885 (lower quartile 0.795) and a validation median of 0.815. This engine: 0.910 (0.855) /
     * 0.850 with 16-float vectors, 0.895 (0.865) / 0.840 with 8, 0.900 (0.850) / 0.855 with 4
     * (-XX:MaxVectorSize), whose dot products round differently. Five draws and a median of 0.9,
     * the old bar, passed or failed with the lane count (8 lanes: 0.87).
     */
    @Test
    void binarySpiralWithSigmoidAndBinaryCrossEntropy() {
        int draws = 25;
        double[] train = new double[draws];
        double[] validation = new double[draws];
        for (int i = 0; i < draws; i++) {
            Dataset data = Spirals.spiral(100, 2, i + 1);
            Dataset fresh = Spirals.spiral(100, 2, 101 + i);
            var model = Sequential.of(new Dense(2, 64).weightL2(5e-4f).biasL2(5e-4f)
                            .initializer(Initializer.normal(0.01)), Activations.relu(),
                    new Dense(64, 1).initializer(Initializer.normal(0.01)), Activations.sigmoid());
            model.compile(Loss.binaryCrossEntropy(), new Adam(1e-3f).decay(5e-7f).epsilon(1e-7f));
            History h = model.fit(data.featureData(), data.labels(),
                    FitOptions.epochs(10_001).batchSize(200).noShuffle(0));
            assertThat(h.regularizationLoss(h.size() - 1)).isGreaterThan(0);
            train[i] = h.lastAccuracy();
            validation[i] = model.evaluate(fresh.featureData(), fresh.labels()).accuracy();
        }
        report("binary spiral", train, validation);
        assertThat(median(train)).as("train accuracy, median of 25 draws").isGreaterThanOrEqualTo(0.87);
        assertThat(lowerQuartile(train)).as("train accuracy, lower quartile").isGreaterThanOrEqualTo(0.82);
        assertThat(median(validation)).as("validation accuracy, median").isGreaterThanOrEqualTo(0.80);
    }

    @Test
    void threeClassSpiralWithSoftmaxAndCrossEntropy() {
        // nnfs ch. 14's regularised setting at 64 neurons: Dense(2,64) with L2 5e-4 on weights and
        // biases, ReLU, Dense(64,3), Softmax, CCE, Adam(lr 0.02, decay 5e-7). Ch. 10's unregularised
        // Adam(0.05, decay 5e-5) also reaches 0.9 train but overfits (nnfs reports 0.803 validation).
        double[] train = new double[DATA_SEEDS.length];
        double[] validation = new double[DATA_SEEDS.length];
        for (int i = 0; i < DATA_SEEDS.length; i++) {
            Dataset data = Spirals.spiral(100, 3, DATA_SEEDS[i]);
            Dataset fresh = Spirals.spiral(100, 3, 100 + DATA_SEEDS[i]);
            var model = Sequential.of(new Dense(2, 64).weightL2(5e-4f).biasL2(5e-4f),
                    Activations.relu(), new Dense(64, 3), Activations.softmax());
            model.compile(Loss.categoricalCrossEntropy(), new Adam(0.02f).decay(5e-7f));
            History h = model.fit(data.featureData(), data.labels(),
                    FitOptions.epochs(10_001).batchSize(300).noShuffle(0));
            train[i] = h.lastAccuracy();
            validation[i] = model.evaluate(fresh.featureData(), fresh.labels()).accuracy();
        }
        report("3-class spiral", train, validation);
        assertThat(median(train)).isGreaterThanOrEqualTo(0.9);
        assertThat(min(train)).isGreaterThanOrEqualTo(0.8);
        assertThat(median(validation)).isGreaterThanOrEqualTo(0.8);
    }

    private static void report(String task, double[] train, double[] validation) {
        System.out.println(task + ": train " + Arrays.toString(train) + ", validation "
                + Arrays.toString(validation));
        System.out.printf("%s: train median %.3f (lower quartile %.3f), validation median %.3f%n", task,
                median(train), lowerQuartile(train), median(validation));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double lowerQuartile(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 4];
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }
}
