package org.backprop4j.spark;

import java.io.Serializable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.backprop4j.train.BatchPlan;
import org.backprop4j.train.BlockGradients;
import org.backprop4j.train.Sequential;

/**
 * What an executor keeps between the tasks of one training: per block, a model, its
 * {@link BlockGradients} over the cached rows, and its threads. Only a cache: a task that finds
 * none (a new executor, a retried task elsewhere) builds it, and every task sets the parameters
 * (and optimiser state) it computes from, so results never depend on it.
 *
 * <p>It cleans itself: a worker idle for {@link #IDLE_NANOS} is dropped by the next task of any
 * training on the executor. The driver also removes a finished training's workers where its
 * blocks are cached, but workers can be built elsewhere too (a retried, speculative or non-local
 * task), and a failed training's are never removed by it.
 */
final class Workers {
    /** A training's tasks come milliseconds apart; one idle this long has ended. */
    static final long IDLE_NANOS = 60_000_000_000L;

    private static final ConcurrentHashMap<String, Worker> ALL = new ConcurrentHashMap<>();

    private Workers() {
    }

    /**
     * One training as executors see it: an id, the network, the batch plan, threads per task, and
     * each block's {@link Rows.Block#checksum} as the driver first cached it. A block Spark
     * recomputes from the DataFrame (after a lost executor or an evicted cache) must come back the
     * same, or the training would go on with other rows than one machine's fit.
     */
    static final class Training implements Serializable {
        private static final long serialVersionUID = 1L;
        final String id;
        final NetworkSpec spec;
        final BatchPlan plan;
        final int threads; // each task's
        private final long[] checksums;

        Training(String id, NetworkSpec spec, BatchPlan plan, int threads, long[] checksums) {
            this.id = id;
            this.spec = spec;
            this.plan = plan;
            this.threads = threads;
            this.checksums = checksums.clone();
        }

        void check(Rows.Block block) {
            if (block.checksum() != checksums[block.index()]) {
                throw new IllegalStateException("block " + block.index() + " holds other rows than when training"
                        + " began: Spark recomputed it from the DataFrame (after a lost executor or an evicted"
                        + " cache), which gave other rows. " + Rows.DETERMINISTIC);
            }
        }
    }

    /** One block's model and gradient computer; a task uses it holding its lock. */
    static final class Worker {
        final Rows.Block block;
        final Sequential model;
        final BlockGradients gradients;
        final float[] scratch; // the parameters a task ships, unpacked
        private final ForkJoinPool pool;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile long lastUsed = System.nanoTime();
        private volatile boolean closed;

        private Worker(Rows.Block block, NetworkSpec spec, BatchPlan plan, int planBlock, int threads) {
            this.block = block;
            this.model = spec.build(0L); // parameters come with each task
            this.scratch = new float[model.network().parameterCount()];
            this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
            this.gradients = new BlockGradients(model, plan, planBlock, block.x(), block.labels(),
                    block.targets() == null ? null : block.targets(), pool);
        }

        /** Closes it, after the task using it (if any) is done. */
        private void close() {
            lock.lock();
            try {
                closeLocked();
            } finally {
                lock.unlock();
            }
        }

        /** Closes it if no task uses it and none has for {@code idleNanos}; true if it is closed. */
        private boolean closeIfIdle(long now, long idleNanos) {
            if (!lock.tryLock()) {
                return false;
            }
            try {
                if (now - lastUsed >= idleNanos) {
                    closeLocked();
                }
                return closed;
            } finally {
                lock.unlock();
            }
        }

        private void closeLocked() {
            if (!closed) {
                closed = true;
                if (pool != null) {
                    pool.shutdown();
                }
            }
        }
    }

    /**
     * Runs {@code task} on the worker of {@code training}'s block {@code block.index()} (on
     * {@code plan}'s block {@code planBlock}), holding its lock: a new worker when none is kept or
     * the block's rows were recomputed (and then checked to be the same). First drops idle workers.
     */
    static <T> T run(Training training, Rows.Block block, BatchPlan plan, int planBlock, Function<Worker, T> task) {
        sweep(System.nanoTime(), IDLE_NANOS);
        String key = training.id + "/" + block.index();
        while (true) {
            Worker w = ALL.compute(key, (k, old) -> {
                if (old != null && !old.closed && old.block.id() == block.id()) {
                    return old;
                }
                if (old != null) {
                    old.close();
                }
                training.check(block);
                return new Worker(block, training.spec, plan, planBlock, training.threads);
            });
            w.lock.lock();
            try {
                if (w.closed) {
                    continue; // dropped between the lookup and the lock: build another
                }
                w.lastUsed = System.nanoTime();
                try {
                    return task.apply(w);
                } finally {
                    w.lastUsed = System.nanoTime();
                }
            } finally {
                w.lock.unlock();
            }
        }
    }

    /** Drops a training's worker of block {@code block} (its end), after the task using it is done. */
    static void remove(String training, int block) {
        Worker w = ALL.remove(training + "/" + block);
        if (w != null) {
            w.close();
        }
    }

    /** Drops the workers that no task uses and none has for {@code idleNanos} or longer at {@code now}. */
    static void sweep(long now, long idleNanos) {
        ALL.forEach((key, w) -> {
            if (w.closeIfIdle(now, idleNanos)) {
                ALL.remove(key, w);
            }
        });
    }

    /** How many workers this JVM keeps (for tests). */
    static int count() {
        return ALL.size();
    }
}
