package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Adam;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Dropout;
import org.backprop4j.model.Loss;
import org.backprop4j.model.Sgd;
import org.junit.jupiter.api.Test;

/**
 * Blocked training ({@link FitOptions#blocks}) and its distributed half ({@link BlockGradients} +
 * {@link Sequential#applyGradients}): a loop that computes each block's gradient on a separate
 * model, as separate machines would, and sums them in block order gives fit's weights bit for bit.
 */
class BlockTrainingTest {

    private static Sequential model() {
        return Sequential.of(new Dense(12, 40), Activations.relu(), new Dropout(0.2f),
                new Dense(40, 24).weightL2(1e-4f), Activations.tanh(), new Dense(24, 3), Activations.softmax())
                .initialize(7);
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
            y[i] = x[i * cols] > 0.3f ? 2 : x[i * cols + 1] > 0 ? 1 : 0;
        }
        return y;
    }

    @Test
    void aBatchNearTwoToTheThirtyOneCountsItsShardsWithoutOverflow() {
        BatchPlan plan = new BatchPlan(10, 1, Integer.MAX_VALUE, 128, true, 5);
        assertThat(plan.shardsPerBlock()).isEqualTo((Integer.MAX_VALUE + 127L) / 128);
        assertThat(plan.batches()).isEqualTo(1);
        assertThat(plan.batchRows(0)).isEqualTo(10);
    }

    @Test
    void planLaysOutNearlyEqualBlocksAndSharesThatRunOut() {
        BatchPlan plan = new BatchPlan(11, 3, 7, 2, true, 5);
        // blocks ⌊p·11/3⌋: [0,3) [3,7) [7,11); share ⌈7/3⌉ = 3; shards of 2 → 2 ids per block
        assertThat(new int[] {plan.blockRows(0), plan.blockRows(1), plan.blockRows(2)}).containsExactly(3, 4, 4);
        assertThat(plan.share()).isEqualTo(3);
        assertThat(plan.batches()).isEqualTo(2);
        assertThat(new int[] {plan.stepRows(0, 1), plan.stepRows(1, 1)}).containsExactly(0, 1);
        assertThat(plan.batchRows(0)).isEqualTo(9);
        assertThat(plan.batchRows(1)).isEqualTo(2);
        assertThat(plan.maxShards()).isEqualTo(6);
        int[] order = new int[11];
        plan.order(4, order);
        // a permutation that keeps every row in its block, and differs between epochs
        for (int p = 0; p < 3; p++) {
            int[] block = Arrays.copyOfRange(order, plan.blockStart(p), plan.blockStart(p + 1));
            Arrays.sort(block);
            for (int i = 0; i < block.length; i++) {
                assertThat(block[i]).isEqualTo(plan.blockStart(p) + i);
            }
        }
        int[] other = new int[11];
        plan.order(5, other);
        assertThat(other).isNotEqualTo(order);
    }

    @Test
    void oneBlockIsTheOldGlobalShuffle() {
        // the permutation fit used before blocks existed: Fisher–Yates seeded by derive(seed, epoch)
        int rows = 50;
        int[] expected = new int[rows];
        for (int i = 0; i < rows; i++) {
            expected[i] = i;
        }
        long s = org.backprop4j.kernel.SplitMix64.derive(9, 3);
        for (int i = rows - 1; i > 0; i--) {
            int j = (int) (org.backprop4j.kernel.SplitMix64.uniform(s, i) * (i + 1));
            int t = expected[i];
            expected[i] = expected[j];
            expected[j] = t;
        }
        int[] order = new int[rows];
        new BatchPlan(rows, 1, 8, 8, true, 9).order(3, order);
        assertThat(order).containsExactly(expected);
    }

    /**
     * 3 blocks of 233 rows (77, 78, 78), batch 40 → share 14 in shards of 5 (short last shards, a
     * ragged last step), dropout, L2, Adam: fit on 1 and 2 threads, and a loop of three separate
     * models each computing its block (on its own pool) summed in block order, all the same bits.
     */
    @Test
    void blockGradientsSummedInOrderGiveFitsWeights() {
        float[] x = data(233, 12, 1);
        int[] y = labels(x, 12);
        int blocks = 3;
        FitOptions o = FitOptions.epochs(3).batchSize(40).shardSize(5).shuffle(11).blocks(blocks);

        float[] fitWeights = null;
        for (int threads = 1; threads <= 2; threads++) {
            Sequential m = model();
            m.compile(Loss.categoricalCrossEntropy(), new Adam(0.01f));
            m.fit(x, y, o.threads(threads));
            if (fitWeights == null) {
                fitWeights = m.parameters();
            } else {
                assertThat(m.parameters()).containsExactly(fitWeights);
            }
        }

        Sequential driver = model();
        driver.compile(Loss.categoricalCrossEntropy(), new Adam(0.01f));
        BatchPlan plan = driver.plan(o, 233);
        Sequential[] workers = new Sequential[blocks];
        BlockGradients[] parts = new BlockGradients[blocks];
        ForkJoinPool pool = new ForkJoinPool(2);
        for (int p = 0; p < blocks; p++) {
            workers[p] = model();
            workers[p].compile(Loss.categoricalCrossEntropy(), new Sgd(1f)); // the optimiser is the driver's
            int from = plan.blockStart(p);
            int to = plan.blockStart(p + 1);
            parts[p] = new BlockGradients(workers[p], plan, p, Arrays.copyOfRange(x, from * 12, to * 12),
                    Arrays.copyOfRange(y, from, to), null, p == 1 ? pool : null);
        }
        float[] sum = new float[driver.network().parameterCount()];
        for (int e = 0; e < 3; e++) {
            for (int b = 0; b < plan.batches(); b++) {
                boolean first = true;
                for (int p = 0; p < blocks; p++) {
                    if (parts[p].rows(b) == 0) {
                        continue;
                    }
                    workers[p].setParameters(driver.network().parameters());
                    parts[p].compute(e, b);
                    float[] g = parts[p].gradients();
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] = first ? g[i] : sum[i] + g[i];
                    }
                    first = false;
                }
                driver.applyGradients(sum);
            }
        }
        pool.shutdown();
        assertThat(driver.parameters()).containsExactly(fitWeights);

        // and blocks matter: one block is a different (global) shuffle
        Sequential oneBlock = model();
        oneBlock.compile(Loss.categoricalCrossEntropy(), new Adam(0.01f));
        oneBlock.fit(x, y, o.blocks(1));
        assertThat(oneBlock.parameters()).isNotEqualTo(fitWeights);
    }

    @Test
    void badBlockArgumentsAreRefused() {
        Sequential m = model();
        m.compile(Loss.categoricalCrossEntropy(), new Adam(0.01f));
        float[] x = data(5, 12, 2);
        assertThatThrownBy(() -> m.fit(x, labels(x, 12), FitOptions.epochs(1).blocks(6)))
                .hasMessageContaining("6 blocks need at least as many rows");
        assertThatThrownBy(() -> FitOptions.epochs(1).blocks(0)).hasMessageContaining("blocks must be >= 1");
        BatchPlan plan = m.plan(FitOptions.epochs(1).blocks(2), 5);
        assertThatThrownBy(() -> new BlockGradients(m, plan, 0, data(3, 12, 3), new int[3], null, null))
                .hasMessageContaining("has 2 rows, got 3");
        assertThatThrownBy(() -> m.applyGradients(new float[3])).hasMessageContaining("needs");
        float[] nan = new float[m.network().parameterCount()];
        nan[5] = Float.NaN;
        float[] before = m.parameters();
        assertThatThrownBy(() -> m.applyGradients(nan)).hasMessageContaining("NaN");
        assertThat(m.parameters()).containsExactly(before);
    }
}
