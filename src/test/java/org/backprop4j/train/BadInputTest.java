package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.backprop4j.model.Activations;
import org.backprop4j.model.Adam;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Loss;
import org.backprop4j.model.Sgd;
import org.junit.jupiter.api.Test;

/** Each bad input is a clear exception naming what is wrong, and leaves the weights as they were. */
class BadInputTest {
    private final Sequential model = Sequential.of(new Dense(3, 4), Activations.relu(), new Dense(4, 2),
            Activations.softmax());
    private final float[] x = {1, 2, 3, 4, 5, 6};
    private final int[] y = {0, 1};

    private void compiled() {
        model.compile(Loss.categoricalCrossEntropy(), new Adam());
    }

    @Test
    void mismatchedLayerShapesNameBothLayers() {
        assertThatThrownBy(() -> Sequential.of(new Dense(2, 64), Activations.relu(), new Dense(32, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape mismatch: layer 3 Dense(32, 1) expects 32 inputs but layer 1 Dense(2, 64) outputs 64");
    }

    @Test
    void fitBeforeCompile() {
        float[] before = model.parameters();
        assertThatThrownBy(() -> model.fit(x, y, FitOptions.epochs(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("fit called before compile(loss, optimizer)");
        assertThat(model.parameters()).isEqualTo(before);
    }

    @Test
    void rowCountsDiffer() {
        compiled();
        float[] before = model.parameters();
        assertThatThrownBy(() -> model.fit(x, new int[] {0, 1, 1}, FitOptions.epochs(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("training data: x has 2 rows but y has 3 labels");
        assertThatThrownBy(() -> model.fit(new float[] {1, 2, 3, 4}, y, FitOptions.epochs(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("training data: x has 4 values, not a positive multiple of the model's 3 inputs");
        assertThatThrownBy(() -> model.fit(x, new float[] {1, 0, 0}, FitOptions.epochs(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("training data: x has 2 rows, so y needs 2×2 = 4 targets, has 3");
        assertThat(model.parameters()).isEqualTo(before);
    }

    @Test
    void labelOutsideTheClasses() {
        compiled();
        float[] before = model.parameters();
        assertThatThrownBy(() -> model.fit(x, new int[] {0, 2}, FitOptions.epochs(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("training data: label 2 at row 1 is outside [0, 2)");
        assertThatThrownBy(() -> model.fit(x, new int[] {-1, 0}, FitOptions.epochs(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("training data: label -1 at row 0 is outside [0, 2)");
        assertThat(model.parameters()).isEqualTo(before);
    }

    @Test
    void nonFiniteInputs() {
        compiled();
        float[] before = model.parameters();
        float[] bad = x.clone();
        bad[4] = Float.NaN;
        assertThatThrownBy(() -> model.fit(bad, y, FitOptions.epochs(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("training data x contains NaN at row 1, column 1");
        bad[4] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> model.predict(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predict x contains Infinity at row 1, column 1");
        assertThatThrownBy(() -> model.fit(x, y, FitOptions.epochs(1).validation(bad, y)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validation data x contains Infinity at row 1, column 1");
        assertThat(model.parameters()).isEqualTo(before);
    }

    /**
     * On threads, the inputs are scanned in parts, and the first bad value in the data is still the
     * one named: the parts' finds are taken in order, whichever part finishes first.
     */
    @Test
    void nonFiniteInputsScannedInPartsNameTheFirst() {
        int n = 4 * TrainingData.SCAN_PART + 17; // 4 parts on a pool of 4, the last one longer
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(4);
        try {
            float[] v = new float[n];
            assertThat(TrainingData.firstNonFinite(v, pool)).isEqualTo(-1);
            v[n - 1] = Float.NEGATIVE_INFINITY; // the last element of the last part
            assertThat(TrainingData.firstNonFinite(v, pool)).isEqualTo(n - 1);
            v[2 * TrainingData.SCAN_PART + 5] = Float.NaN; // in part 2
            v[TrainingData.SCAN_PART - 1] = Float.POSITIVE_INFINITY; // the last element of part 0
            assertThat(TrainingData.firstNonFinite(v, pool)).isEqualTo(TrainingData.SCAN_PART - 1);
            v[TrainingData.SCAN_PART - 1] = 0f;
            assertThat(TrainingData.firstNonFinite(v, pool)).isEqualTo(2 * TrainingData.SCAN_PART + 5);

            int inputs = 3;
            int rows = 2 * TrainingData.SCAN_PART / inputs + 1; // two parts on 2 threads
            float[] big = new float[rows * inputs];
            big[(rows - 1) * inputs + 2] = Float.NaN;
            big[(rows - 2) * inputs] = Float.POSITIVE_INFINITY;
            compiled();
            float[] before = model.parameters();
            assertThatThrownBy(() -> model.fit(big, new int[rows], FitOptions.epochs(1).threads(2)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("training data x contains Infinity at row " + (rows - 2) + ", column 0");
            assertThat(model.parameters()).isEqualTo(before);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batchSizeAndEpochsMustBePositive() {
        assertThatThrownBy(() -> FitOptions.epochs(1).batchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("batch size must be > 0, got 0");
        assertThatThrownBy(() -> FitOptions.epochs(1).batchSize(-5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("batch size must be > 0, got -5");
        assertThatThrownBy(() -> FitOptions.epochs(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("epochs must be > 0, got 0");
    }

    @Test
    void lossTurningNanStopsFitNamingEpochAndBatch() {
        // a learning rate of 1e30 blows the weights up to Inf within a step or two
        var m = Sequential.of(new Dense(3, 4), Activations.relu(), new Dense(4, 1));
        m.compile(Loss.mse(), new Sgd(1e30f));
        float[] targets = {1e10f, -1e10f};
        assertThatThrownBy(() -> m.fit(x, targets, FitOptions.epochs(5).batchSize(1).noShuffle(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageMatching("loss became (NaN|Infinity) at epoch \\d, batch \\d \\(0-based\\);.*");
    }

    /** On a pool (2 threads, 4 shards per batch) a non-finite loss also stops before any weight moves. */
    @Test
    void aNonFiniteLossOnAPoolLeavesTheWeightsOfTheLastGoodStep() {
        float[] xs = new float[64 * 3];
        float[] ts = new float[64];
        for (int i = 0; i < 64; i++) {
            xs[i * 3] = i % 7;
            xs[i * 3 + 1] = 1f;
            xs[i * 3 + 2] = -i % 5;
            ts[i] = i % 2 == 0 ? 1e10f : -1e10f;
        }
        var m = Sequential.of(new Dense(3, 4), Activations.relu(), new Dense(4, 1));
        Sgd sgd = new Sgd(1e30f);
        m.compile(Loss.mse(), sgd);
        float[][] lastGood = {m.parameters()};
        long[] stepsAfterLastGood = {sgd.steps()};
        TrainingListener snapshot = new TrainingListener() {
            @Override
            public void onBatchEnd(Progress p) {
                lastGood[0] = m.parameters();
                stepsAfterLastGood[0] = sgd.steps();
            }
        };
        assertThatThrownBy(() -> m.fit(xs, ts, FitOptions.epochs(5).batchSize(32).shardSize(8).noShuffle(0)
                .threads(2).listener(snapshot)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageMatching("loss became (NaN|Infinity) at epoch \\d, batch \\d \\(0-based\\);.*");
        assertThat(m.parameters()).isEqualTo(lastGood[0]);
        assertThat(sgd.steps()).isEqualTo(stepsAfterLastGood[0]);

        // trainOnBatch likewise
        float[] before = m.parameters();
        assertThatThrownBy(() -> m.trainOnBatch(xs, ts)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("weights hold the values before this batch");
        assertThat(m.parameters()).isEqualTo(before);
    }

    /** A listener's exception ends fit and reaches the caller as thrown, also from a pool thread. */
    @Test
    void aListenersExceptionReachesTheCallerUnchanged() {
        RuntimeException stop = new UnsupportedOperationException("listener says stop");
        float[] xs = new float[64 * 3];
        int[] ys = new int[64];
        for (int i = 0; i < 64; i++) {
            xs[i * 3] = i % 3;
            ys[i] = i % 2;
        }
        for (int threads = 1; threads <= 2; threads++) {
            var m = Sequential.of(new Dense(3, 4), Activations.relu(), new Dense(4, 2), Activations.softmax());
            m.compile(Loss.categoricalCrossEntropy(), new Adam());
            FitOptions o = FitOptions.epochs(2).batchSize(32).shardSize(8).shuffle(1).threads(threads)
                    .listener(new TrainingListener() {
                        @Override
                        public void onBatchEnd(Progress p) {
                            throw stop;
                        }
                    });
            assertThatThrownBy(() -> m.fit(xs, ys, o)).as("%d threads", threads).isSameAs(stop);
        }
    }

    @Test
    void settingBadParametersIsRejectedUntouched() {
        float[] before = model.parameters();
        float[] bad = before.clone();
        bad[3] = Float.NaN;
        assertThatThrownBy(() -> model.setParameters(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameters contain a non-finite value NaN at index 3");
        assertThatThrownBy(() -> model.setParameters(new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameters: expected " + before.length + " values, got 3");
        assertThat(model.parameters()).isEqualTo(before);
    }

    @Test
    void aDenseBelongsToOneModel() {
        Dense shared = new Dense(2, 2);
        Sequential.of(shared);
        assertThatThrownBy(() -> Sequential.of(shared))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("layer 1 Dense(2, 2) already belongs to a network; create a new Dense");
    }
}
