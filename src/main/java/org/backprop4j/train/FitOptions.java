package org.backprop4j.train;

import java.util.concurrent.ForkJoinPool;
import org.backprop4j.data.Dataset;
import org.backprop4j.kernel.Records;

/**
 * Settings of {@link Sequential#fit}; immutable, each method returns a changed copy:
 * {@code FitOptions.epochs(5).batchSize(128).shuffle(42).validation(xv, yv).threads(2)}.
 *
 * <p>Defaults: batch size 32; shuffling on with seed 0 (the seed also drives dropout); no
 * validation; 1 thread; shard size automatic; start at the model's current epoch; no listener.
 * An option is one record component plus, where it needs one, a {@code with} method of one line.
 *
 * @param epochs            epochs to train, ≥ 1
 * @param batchSize         rows per optimiser step, ≥ 1
 * @param shuffle           whether each epoch shuffles the rows
 * @param seed              the shuffling and dropout seed
 * @param validationX       validation rows, or null
 * @param validationLabels  their class labels, or null
 * @param validationTargets their targets, or null
 * @param threads           threads (0: all processors)
 * @param pool              the caller's pool, or null for one the model owns
 * @param shardSize         rows per shard (0: automatic)
 * @param initialEpoch      the first epoch (−1: the model's)
 * @param listener          progress hooks, or null
 * @param blocks            blocks of rows, each shuffled on its own and giving its share of every batch
 */
public record FitOptions(int epochs, int batchSize, boolean shuffle, long seed, float[] validationX,
                         int[] validationLabels, float[] validationTargets, int threads, ForkJoinPool pool,
                         int shardSize, int initialEpoch, TrainingListener listener, int blocks) {

    public FitOptions {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        if (shardSize < 0) {
            throw new IllegalArgumentException("shard size must be >= 0 (0 = automatic), got " + shardSize);
        }
        if (blocks < 1) {
            throw new IllegalArgumentException("blocks must be >= 1, got " + blocks);
        }
        if (initialEpoch < -1) {
            throw new IllegalArgumentException("initial epoch must be >= 0, got " + initialEpoch);
        }
    }

    /** Options for {@code epochs} epochs (≥ 1), everything else default. */
    public static FitOptions epochs(int epochs) {
        return new FitOptions(epochs, 32, true, 0L, null, null, null, 1, null, 0, -1, null, 1);
    }

    /** This with component {@code name} set to {@code value}. */
    private FitOptions with(String name, Object value) {
        return Records.with(this, name, value);
    }

    /** Rows per optimiser step (default 32); a batch of at least the data size is full-batch training. */
    public FitOptions batchSize(int batchSize) {
        return with("batchSize", batchSize);
    }

    /** Shuffle each epoch with a permutation derived from (seed, epoch); seed also drives dropout. */
    public FitOptions shuffle(long seed) {
        return with("shuffle", true).with("seed", seed);
    }

    /** Keep the data order; {@code dropoutSeed} drives dropout masks. */
    public FitOptions noShuffle(long dropoutSeed) {
        return with("shuffle", false).with("seed", dropoutSeed);
    }

    /** Validation rows with class labels, evaluated after each epoch. */
    public FitOptions validation(float[] x, int[] labels) {
        return with("validationX", x).with("validationLabels", labels).with("validationTargets", null);
    }

    /** A validation {@link Dataset} (its labels, or its targets), evaluated after each epoch. */
    public FitOptions validation(Dataset data) {
        if (!data.hasClassLabels() && !data.hasTargets()) {
            throw new IllegalArgumentException("validation needs labels or targets; the data set has neither");
        }
        return data.hasClassLabels() ? validation(data.featureData(), data.labels())
                : validation(data.featureData(), data.targets());
    }

    /** Validation rows with targets (rows×outputs), evaluated after each epoch. */
    public FitOptions validation(float[] x, float[] targets) {
        return with("validationX", x).with("validationLabels", null).with("validationTargets", targets);
    }

    /**
     * Threads for data-parallel training (default 1; 0 = all available processors) on a pool the
     * model owns. Results are bit-identical for any thread count. More threads than the JVM's
     * available processors run as many as there are processors at a time.
     */
    public FitOptions threads(int threads) {
        return with("threads", threads).with("pool", null);
    }

    /** Train on the caller's pool instead (its parallelism is the thread count). */
    public FitOptions pool(ForkJoinPool pool) {
        if (pool == null) {
            throw new IllegalArgumentException("pool must not be null");
        }
        return with("threads", pool.getParallelism()).with("pool", pool);
    }

    /**
     * Rows per shard, the unit of parallel work (default 0 = automatic: at least 128 rows, enough
     * work to repay a fork, and half the batch, or the whole batch for models of a million
     * parameters or more; chosen from the model and batch size only, never the thread count; a
     * batch of one shard forks its large GEMMs instead). Results depend on the shard size, not on
     * the threads; with more than two cores, a smaller shard size spreads a batch wider.
     */
    public FitOptions shardSize(int rows) {
        return with("shardSize", rows);
    }

    /**
     * First epoch index (0-based; default: the model's {@link Sequential#epoch()}). Shuffling and
     * dropout depend on (seed, epoch), so resuming a checkpoint at epoch e reproduces an
     * uninterrupted run.
     */
    public FitOptions initialEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("initial epoch must be >= 0, got " + epoch);
        }
        return with("initialEpoch", epoch);
    }

    /**
     * Train as data-parallel training over {@code blocks} partitions does (default 1): the rows
     * are that many contiguous blocks of nearly equal size, each shuffled on its own, and every
     * batch takes ⌈batchSize/blocks⌉ rows from each (see {@link BatchPlan}). This is the layout of
     * the Spark module's synchronous training: a fit with the same blocks, batch size, shard size
     * and seed on the same rows in the same order gives the same weights, bit for bit.
     */
    public FitOptions blocks(int blocks) {
        return with("blocks", blocks);
    }

    /** Progress and early-stopping hooks. */
    public FitOptions listener(TrainingListener listener) {
        return with("listener", listener);
    }

    int effectiveThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
