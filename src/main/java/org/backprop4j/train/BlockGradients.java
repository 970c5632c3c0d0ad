package org.backprop4j.train;

import java.util.concurrent.ForkJoinPool;
import org.backprop4j.kernel.Parallel;

/**
 * One block's part of each training step, for data-parallel training whose blocks of rows live in
 * different places (the Spark module: one block per partition). It computes the block's shards of
 * step b at the model's current parameters and sums them, exactly as {@link Sequential#fit} does for
 * that block. Summing the blocks' gradients in block order and passing the sum to
 * {@link Sequential#applyGradients} on a model with the same parameters and optimiser state gives
 * the weights fit gives with {@link FitOptions#blocks}, bit for bit.
 *
 * <p>Not thread-safe: one caller at a time. It allocates only when the epoch changes (the block's
 * order) and on its first steps.
 */
public final class BlockGradients {
    private final Sequential model;
    private final BatchPlan plan;
    private final int block;
    private final TrainingData data;
    private final ForkJoinPool pool;
    private final Trainer trainer;
    private final int[] order;
    private int orderEpoch = -1;
    private double lossSum;

    /**
     * @param model  a compiled model; its parameters are read at each step, its gradient buffer written
     * @param plan   the plan of the whole training (every block)
     * @param block  which block these rows are
     * @param x      the block's rows (blockRows(block) × inputs), in block order
     * @param labels their class labels, or null
     * @param targets their targets (rows × outputs), or null
     * @param pool   threads for the block's shards and GEMMs, or null for the calling thread
     * @throws IllegalArgumentException when the rows are not the block's count or hold bad values
     */
    public BlockGradients(Sequential model, BatchPlan plan, int block, float[] x, int[] labels, float[] targets,
                          ForkJoinPool pool) {
        if (model.loss() == null) {
            throw new IllegalStateException("block gradients need a compiled model");
        }
        if (block < 0 || block >= plan.blocks()) {
            throw new IllegalArgumentException("block " + block + " is outside the plan's " + plan.blocks() + " blocks");
        }
        var net = model.network();
        this.data = TrainingData.of("block " + block, x, labels, targets, net.inputs(), net.outputs(), model.loss());
        if (data.rows != plan.blockRows(block)) {
            throw new IllegalArgumentException("block " + block + " of " + plan + " has " + plan.blockRows(block)
                    + " rows, got " + data.rows);
        }
        this.model = model;
        this.plan = plan;
        this.block = block;
        this.pool = pool;
        // one block's shards: a step of this block has at most shardsPerBlock of them
        this.trainer = new Trainer(net, plan.shardsPerBlock(), plan.shardSize(), pool);
        this.order = plan.shuffle() ? new int[data.rows] : null;
    }

    /**
     * The block's gradient of step b of epoch e, summed over its shards, left in
     * {@link #gradients()}; returns the sum of its per-row data losses. A block with no rows in this
     * step leaves zeros and returns 0.
     */
    public double compute(int epoch, int b) {
        if (b < 0 || b >= plan.batches()) {
            throw new IllegalArgumentException("step " + b + " is outside the epoch's " + plan.batches() + " steps");
        }
        if (order != null && orderEpoch != epoch) {
            plan.order(epoch, block, order, 0);
            orderEpoch = epoch;
        }
        if (plan.stepRows(block, b) == 0) {
            java.util.Arrays.fill(gradients(), 0f);
            lossSum = 0;
            return 0;
        }
        long seed = plan.batchSeed(epoch, b);
        if (trainer.usesPool()) { // from inside the pool: each region then starts cheaply
            Parallel.run(pool, 1, i -> lossSum = trainer.gradients(model.loss(), data, order, plan, b, seed, block,
                    block + 1, false));
        } else {
            lossSum = trainer.gradients(model.loss(), data, order, plan, b, seed, block, block + 1, false);
        }
        return lossSum;
    }

    /** The live gradient buffer of the model: the block's sum after {@link #compute}. */
    public float[] gradients() {
        return model.network().gradients();
    }

    /** Rows the last computed step classified right. */
    public int correct() {
        return trainer.correct();
    }

    /** Rows this block gives step b. */
    public int rows(int b) {
        return plan.stepRows(block, b);
    }
}
