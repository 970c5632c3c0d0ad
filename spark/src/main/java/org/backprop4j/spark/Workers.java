package org.backprop4j.spark;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import org.backprop4j.train.BatchPlan;
import org.backprop4j.train.BlockGradients;
import org.backprop4j.train.Sequential;

/**
 * What an executor keeps between the tasks of one training: per block, a model, its
 * {@link BlockGradients} over the cached rows, and its threads. Only a cache: a task that finds
 * none (a new executor, a retried task elsewhere) builds it, and every task sets the parameters
 * (and optimiser state) it computes from, so results never depend on it.
 */
final class Workers {
    private static final ConcurrentHashMap<String, Worker> ALL = new ConcurrentHashMap<>();

    private Workers() {
    }

    /** One block's model and gradient computer; tasks use it one at a time (synchronized on it). */
    static final class Worker {
        final Rows.Block block;
        final Sequential model;
        final BlockGradients gradients;
        final ForkJoinPool pool;
        final float[] scratch; // the parameters a task ships, unpacked

        private Worker(Rows.Block block, NetworkSpec spec, BatchPlan plan, int planBlock, int threads) {
            this.block = block;
            this.model = spec.build(0L); // parameters come with each task
            this.scratch = new float[model.network().parameterCount()];
            this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
            this.gradients = new BlockGradients(model, plan, planBlock, block.x(), block.labels(),
                    block.targets() == null ? null : block.targets(), pool);
        }

        void close() {
            if (pool != null) {
                pool.shutdown();
            }
        }
    }

    /**
     * The worker of {@code training}'s block {@code block.index()}, on {@code plan}'s block
     * {@code planBlock}; a new one when none is kept or the block's rows were recomputed.
     */
    static Worker get(String training, Rows.Block block, NetworkSpec spec, BatchPlan plan, int planBlock,
                      int threads) {
        String key = training + "/" + block.index();
        Worker w = ALL.get(key);
        if (w != null && w.block == block) {
            return w;
        }
        Worker fresh = new Worker(block, spec, plan, planBlock, threads);
        Worker old = ALL.put(key, fresh);
        if (old != null) {
            old.close();
        }
        return fresh;
    }

    /** Drops the worker of a training's block (its end). */
    static void remove(String training, int block) {
        Worker w = ALL.remove(training + "/" + block);
        if (w != null) {
            w.close();
        }
    }
}
