package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Adam;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Dropout;
import org.backprop4j.model.Loss;
import org.junit.jupiter.api.Test;

/** Same seed and settings ⇒ the same bits, whatever the thread count; predict is thread-safe. */
class DeterminismTest {

    private static Sequential model() {
        return Sequential.of(new Dense(12, 48), Activations.relu(), new Dropout(0.25f),
                new Dense(48, 32).weightL2(1e-4f), Activations.tanh(), new Dense(32, 4), Activations.softmax());
    }

    private static float[] data(int rows, int cols, long seed) {
        Random r = new Random(seed);
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static int[] labels(float[] x, int cols) {
        int[] y = new int[x.length / cols];
        for (int i = 0; i < y.length; i++) {
            y[i] = (x[i * cols] > 0 ? 1 : 0) + (x[i * cols + 1] > 0 ? 2 : 0);
        }
        return y;
    }

    /**
     * MSE on float targets and BCE on one sigmoid output (labels turned into targets, accuracy
     * still on the labels), shuffled and in place: weights and every History figure, validation
     * included, are the same bits on 1, 2 and 3 threads (93-row batches of 16-row shards: short
     * last shards and a short last batch).
     */
    @Test
    void floatTargetsAndOneSigmoidOutputGiveTheSameBitsOnAnyThreadCount() {
        float[] x = data(500, 12, 3);
        float[] xv = data(60, 12, 4);
        for (boolean shuffle : new boolean[] {true, false}) {
            for (boolean binary : new boolean[] {false, true}) {
                float[] reference = null;
                History first = null;
                for (int threads = 1; threads <= 3; threads++) {
                    Sequential m = binary
                            ? Sequential.of(new Dense(12, 24), Activations.relu(), new Dense(24, 1), Activations.sigmoid())
                            : Sequential.of(new Dense(12, 24), Activations.tanh(), new Dense(24, 3));
                    m.compile(binary ? Loss.binaryCrossEntropy() : Loss.mse(), new Adam(1e-2f));
                    FitOptions o = (shuffle ? FitOptions.epochs(3).shuffle(9) : FitOptions.epochs(3).noShuffle(9))
                            .batchSize(93).shardSize(16).threads(threads);
                    History h = binary
                            ? m.fit(x, binaryLabels(x), o.validation(xv, binaryLabels(xv)))
                            : m.fit(x, targets(x), o.validation(xv, targets(xv)));
                    String what = (binary ? "BCE" : "MSE") + (shuffle ? " shuffled" : " in place") + " on " + threads + " threads";
                    if (reference == null) {
                        reference = m.parameters();
                        first = h;
                        continue;
                    }
                    assertThat(m.parameters()).as("parameters, %s", what).isEqualTo(reference);
                    assertThat(h.losses()).as("losses, %s", what).isEqualTo(first.losses());
                    assertThat(h.accuracies()).as("accuracies, %s", what).isEqualTo(first.accuracies());
                    for (int e = 0; e < h.size(); e++) {
                        assertThat(h.validationLoss(e)).as("validation loss %d, %s", e, what).isEqualTo(first.validationLoss(e));
                        assertThat(h.validationAccuracy(e)).as("validation accuracy %d, %s", e, what)
                                .isEqualTo(first.validationAccuracy(e));
                    }
                }
            }
        }
    }

    private static int[] binaryLabels(float[] x) {
        int[] y = new int[x.length / 12];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[i * 12] + x[i * 12 + 1] > 0 ? 1 : 0;
        }
        return y;
    }

    private static float[] targets(float[] x) {
        float[] t = new float[x.length / 12 * 3];
        for (int i = 0; i < t.length / 3; i++) {
            t[i * 3] = x[i * 12] - 0.5f * x[i * 12 + 1];
            t[i * 3 + 1] = (float) Math.sin(x[i * 12 + 2]);
            t[i * 3 + 2] = x[i * 12 + 3] * x[i * 12 + 4];
        }
        return t;
    }

    /**
     * The shuffled rows reach each shard with their own targets: a linear model fitting exact
     * linear targets drives the loss to ~0 on 2 threads and 8-row shards (rows paired with another
     * row's targets could not be fitted, and would still be the same bits on every thread count).
     */
    @Test
    void shuffledShardsGatherEachRowWithItsOwnTargets() {
        float[] x = data(256, 4, 5);
        float[] t = new float[256 * 2];
        for (int i = 0; i < 256; i++) {
            t[i * 2] = 2f * x[i * 4] - x[i * 4 + 1] + 0.5f;
            t[i * 2 + 1] = x[i * 4 + 2] + 3f * x[i * 4 + 3];
        }
        Sequential m = Sequential.of(new Dense(4, 2));
        m.compile(Loss.mse(), new Adam(0.05f));
        History h = m.fit(x, t, FitOptions.epochs(300).batchSize(32).shardSize(8).shuffle(3).threads(2));
        assertThat(h.lastLoss()).as("final MSE of an exactly linear problem").isLessThan(1e-4);
    }

    @Test
    void weightsAreBitIdenticalForOneToFourThreads() {
        float[] x = data(500, 12, 1);
        int[] y = labels(x, 12);
        float[] reference = null;
        for (int threads = 1; threads <= 4; threads++) {
            Sequential m = model();
            m.compile(Loss.categoricalCrossEntropy(), new Adam(1e-2f));
            // batch 100 with 16-row shards: 7 shards per batch (the last one short), 5 batches
            m.fit(x, y, FitOptions.epochs(3).batchSize(100).shardSize(16).shuffle(9).threads(threads));
            float[] p = m.parameters();
            if (reference == null) {
                reference = p;
            } else {
                assertThat(p).as("parameters after training on %d threads", threads).isEqualTo(reference);
            }
        }
    }

    /**
     * One shard per batch (the automatic size at batch 128): on a pool, the shard's large GEMMs
     * fork instead of the shards (2·128·256·256 flops is above the GEMM's fork threshold).
     */
    @Test
    void oneShardPerBatchWithForkingGemmsIsBitIdenticalForOneToThreeThreads() {
        assertThat(org.backprop4j.kernel.Gemm.forks(128, 256, 256, 2))
                .as("the first layer's GEMMs fork on 2 threads (else this test checks nothing new)").isTrue();
        float[] x = data(300, 256, 5);
        int[] y = labels(x, 256);
        float[] reference = null;
        for (int threads = 1; threads <= 3; threads++) {
            Sequential m = Sequential.of(new Dense(256, 256), Activations.relu(), new Dense(256, 4),
                    Activations.softmax());
            m.compile(Loss.categoricalCrossEntropy(), new Adam(1e-3f));
            // 300 rows: two whole batches and a short one of 44 rows
            m.fit(x, y, FitOptions.epochs(2).batchSize(128).shuffle(4).threads(threads));
            float[] p = m.parameters();
            if (reference == null) {
                reference = p;
            } else {
                assertThat(p).as("parameters after training on %d threads", threads).isEqualTo(reference);
            }
        }
    }

    @Test
    void resumingAtAnEpochReproducesAnUninterruptedRun() {
        float[] x = data(200, 12, 2);
        int[] y = labels(x, 12);
        Sequential straight = model();
        straight.compile(Loss.categoricalCrossEntropy(), new Adam(1e-2f).decay(1e-3f));
        straight.fit(x, y, FitOptions.epochs(4).batchSize(50).shardSize(16).shuffle(3));

        Sequential first = model();
        Adam adam = new Adam(1e-2f).decay(1e-3f);
        first.compile(Loss.categoricalCrossEntropy(), adam);
        first.fit(x, y, FitOptions.epochs(2).batchSize(50).shardSize(16).shuffle(3));
        // "checkpoint": flat parameters, optimiser state and step counter, epoch
        Sequential resumed = model();
        resumed.setParameters(first.parameters());
        Adam restored = new Adam(1e-2f).decay(1e-3f);
        restored.restore(adam.state(), adam.steps(), resumed.network().parameterCount());
        resumed.compile(Loss.categoricalCrossEntropy(), restored);
        resumed.setEpoch(first.epoch());
        resumed.fit(x, y, FitOptions.epochs(2).batchSize(50).shardSize(16).shuffle(3).threads(2));

        assertThat(resumed.epoch()).isEqualTo(4);
        assertThat(resumed.parameters()).isEqualTo(straight.parameters());
    }

    @Test
    void sixteenThreadsPredictingAtOnceSeeWhatOneThreadSees() throws Exception {
        float[] x = data(300, 12, 3);
        Sequential m = model();
        m.compile(Loss.categoricalCrossEntropy(), new Adam(1e-2f));
        m.fit(x, labels(x, 12), FitOptions.epochs(2).batchSize(64));
        float[] expected = m.predict(x);
        float[] one = m.predict(java.util.Arrays.copyOfRange(x, 12, 24));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                final boolean batchOne = t % 2 == 0;
                Callable<Boolean> task = () -> {
                    for (int rep = 0; rep < 30; rep++) {
                        if (batchOne ? !java.util.Arrays.equals(m.predict(java.util.Arrays.copyOfRange(x, 12, 24)), one)
                                : !java.util.Arrays.equals(m.predict(x), expected)) {
                            return false;
                        }
                    }
                    return true;
                };
                results.add(pool.submit(task));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }
}
