package org.backprop4j.train;

import java.util.concurrent.ForkJoinPool;
import org.backprop4j.data.Dataset;

/**
 * Settings of {@link Sequential#fit}; immutable, each method returns a changed copy:
 * {@code FitOptions.epochs(5).batchSize(128).shuffle(42).validation(xv, yv).threads(2)}.
 *
 * <p>Defaults: batch size 32; shuffling on with seed 0 (the seed also drives dropout); no
 * validation; 1 thread; shard size automatic; start at the model's current epoch; no listener.
 */
public final class FitOptions {
    final int epochs;
    final int batchSize;
    final boolean shuffle;
    final long seed;
    final float[] validationX;
    final int[] validationLabels;
    final float[] validationTargets;
    final int threads;
    final ForkJoinPool pool;
    final int shardSize;
    final int initialEpoch;
    final TrainingListener listener;

    private FitOptions(int epochs, int batchSize, boolean shuffle, long seed, float[] validationX,
                       int[] validationLabels, float[] validationTargets, int threads,
                       ForkJoinPool pool, int shardSize, int initialEpoch, TrainingListener listener) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.validationX = validationX;
        this.validationLabels = validationLabels;
        this.validationTargets = validationTargets;
        this.threads = threads;
        this.pool = pool;
        this.shardSize = shardSize;
        this.initialEpoch = initialEpoch;
        this.listener = listener;
    }

    /** Options for {@code epochs} epochs (≥ 1), everything else default. */
    public static FitOptions epochs(int epochs) {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
        }
        return new FitOptions(epochs, 32, true, 0L, null, null, null, 1, null, 0, -1, null);
    }

    /** Rows per optimiser step (default 32); a batch of at least the data size is full-batch training. */
    public FitOptions batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        }
        return new FitOptions(epochs, batchSize, shuffle, seed, validationX, validationLabels,
                validationTargets, threads, pool, shardSize, initialEpoch, listener);
    }

    /** Shuffle each epoch with a permutation derived from (seed, epoch); seed also drives dropout. */
    public FitOptions shuffle(long seed) {
        return new FitOptions(epochs, batchSize, true, seed, validationX, validationLabels,
                validationTargets, threads, pool, shardSize, initialEpoch, listener);
    }

    /** Keep the data order; {@code dropoutSeed} drives dropout masks. */
    public FitOptions noShuffle(long dropoutSeed) {
        return new FitOptions(epochs, batchSize, false, dropoutSeed, validationX, validationLabels,
                validationTargets, threads, pool, shardSize, initialEpoch, listener);
    }

    /** Validation rows with class labels, evaluated after each epoch. */
    public FitOptions validation(float[] x, int[] labels) {
        return new FitOptions(epochs, batchSize, shuffle, seed, x, labels, null, threads, pool,
                shardSize, initialEpoch, listener);
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
        return new FitOptions(epochs, batchSize, shuffle, seed, x, null, targets, threads, pool,
                shardSize, initialEpoch, listener);
    }

    /**
     * Threads for data-parallel training (default 1; 0 = all available processors) on a pool the
     * model owns. Results are bit-identical for any thread count.
     */
    public FitOptions threads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        return new FitOptions(epochs, batchSize, shuffle, seed, validationX, validationLabels,
                validationTargets, threads, null, shardSize, initialEpoch, listener);
    }

    /** Train on the caller's pool instead (its parallelism is the thread count). */
    public FitOptions pool(ForkJoinPool pool) {
        if (pool == null) {
            throw new IllegalArgumentException("pool must not be null");
        }
        return new FitOptions(epochs, batchSize, shuffle, seed, validationX, validationLabels,
                validationTargets, pool.getParallelism(), pool, shardSize, initialEpoch, listener);
    }

    /**
     * Rows per shard, the unit of parallel work (default 0 = automatic: at least 128 rows, enough
     * work to repay a fork, and half the batch, or the whole batch for models of a million
     * parameters or more; chosen from the model and batch size only, never the thread count; a
     * batch of one shard forks its large GEMMs instead). Results depend on the shard size, not on
     * the threads; with more than two cores, a smaller shard size spreads a batch wider.
     */
    public FitOptions shardSize(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("shard size must be >= 0 (0 = automatic), got " + rows);
        }
        return new FitOptions(epochs, batchSize, shuffle, seed, validationX, validationLabels,
                validationTargets, threads, pool, rows, initialEpoch, listener);
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
        return new FitOptions(epochs, batchSize, shuffle, seed, validationX, validationLabels,
                validationTargets, threads, pool, shardSize, epoch, listener);
    }

    /** Progress and early-stopping hooks. */
    public FitOptions listener(TrainingListener listener) {
        return new FitOptions(epochs, batchSize, shuffle, seed, validationX, validationLabels,
                validationTargets, threads, pool, shardSize, initialEpoch, listener);
    }

    int effectiveThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
