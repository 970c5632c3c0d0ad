package org.backprop4j.train;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import org.backprop4j.kernel.Parallel;
import org.backprop4j.kernel.Reduction;
import org.backprop4j.model.Loss;
import org.backprop4j.model.Network;
import org.backprop4j.model.Optimizer;
import org.backprop4j.model.Workspace;

/**
 * One optimiser step per batch, data-parallel over shards, as a {@link BatchPlan} lays them out:
 * each shard gathers its rows and runs forward + loss + backward on its own workspace into its own
 * gradient buffer; the buffers are summed within each block, then across blocks, always in order;
 * the optimiser steps once. Which thread runs which shard never changes a bit of the result.
 * {@link #gradients} alone computes some blocks' part of a step, for trainers that sum the blocks
 * elsewhere ({@link BlockGradients}).
 *
 * <p>On a pool, call {@link #step} from a thread of that pool ({@link Sequential#fit} runs its
 * whole loop there): its regions then start from inside, which costs well under a microsecond,
 * where each entry into the pool from outside costs tens of microseconds (waking a worker, then
 * the caller). From outside it gives the same bits, only slower.
 *
 * <p>Workspaces, gradient buffers and the parallel regions (their fork tasks) are allocated here,
 * once per (shards, shard size, pool), and each shard's gather buffers on its first shuffled
 * step; batch state lives in fields that the parts read. After that a step allocates nothing,
 * with or without a pool.
 */
final class Trainer {
    /** Below this much work per shard (flops), splitting a batch costs more than it gains. */
    private static final long MIN_SHARD_FLOPS = 4_000_000;
    private static final int MIN_SHARD_ROWS = 128;
    /** Models this large train each batch as one shard (see {@link #autoShardSize}). */
    static final int ONE_SHARD_PARAMETERS = 1 << 20;
    /**
     * The shard sum and the optimiser step run on the pool for more parameters than this, in one
     * contiguous range per thread. Both are element-wise, so the split changes no bit; it spreads
     * the memory traffic (Adam reads and writes 7 floats per parameter) over the cores.
     */
    private static final int MIN_PARALLEL_PARAMETERS = 32 * 1024;

    final Network net;
    final int maxShards;
    final int shardSize;
    final ForkJoinPool pool; // null: the calling thread runs every shard
    private final Parallel region; // on pool, or null
    /** Whether a step uses the pool at all: a small model's one-shard step stays on the caller. */
    private final boolean usesPool;
    /** One shard per batch on a pool: its GEMMs fork instead (same bits), run from inside the pool. */
    private final boolean gemmsFork;
    private final int inputs;
    private final int outputs;
    private final Workspace[] workspaces;
    private final float[][] shardGrads; // [0] is the network's own gradient buffer
    private final double[] shardLoss;
    private final int[] shardCorrect;
    private final int ranges; // parameter ranges of the shard sum and the optimiser step
    // the parts run on the pool, made once: a lambda or method reference allocates where it is evaluated
    private final IntConsumer shardPart = this::runShard;
    private final IntConsumer sumPart = this::sumRange;
    private final IntConsumer updatePart = this::updateRange;
    private final IntConsumer gatherPart = this::gatherRange;
    // each shard's gathered rows (made on first use): x, class labels, targets
    private final float[][] shardX;
    private final int[][] shardLabels;
    private final float[][] shardTargets;
    // the current step's shards, slot by slot: first row (in order, or in the data), rows, id
    private final int[] shardFirst;
    private final int[] shardRows;
    private final int[] shardId;
    // the first slot of each block that has rows in this step, and one past the last
    private final int[] blockSlots;
    private final float[][] blockSums;

    // the current step, read by the parts
    private Loss loss;
    private Optimizer optimizer;
    private TrainingData data;
    private int[] order;      // shard rows are order[first ..), or rows first.. in place when null
    private int rows;         // the whole step's rows: the divisor of its mean loss
    private long batchSeed;
    private int activeShards;
    private int activeBlocks;
    private double lossSum;
    private double penalty;

    Trainer(Network net, int maxShards, int shardSize, ForkJoinPool pool) {
        this.net = net;
        this.maxShards = maxShards;
        this.shardSize = shardSize;
        this.pool = pool;
        this.region = pool == null ? null : new Parallel(pool);
        this.inputs = net.inputs();
        this.outputs = net.outputs();
        int shards = maxShards;
        gemmsFork = shards == 1 && pool != null && net.forks(shardSize, pool.getParallelism());
        workspaces = new Workspace[shards];
        shardGrads = new float[shards][];
        for (int s = 0; s < shards; s++) {
            workspaces[s] = net.newWorkspace(shardSize, gemmsFork ? pool : null);
            shardGrads[s] = s == 0 ? net.gradients() : new float[net.parameterCount()];
        }
        shardLoss = new double[shards];
        shardCorrect = new int[shards];
        shardX = new float[shards][];
        shardLabels = new int[shards][];
        shardTargets = new float[shards][];
        shardFirst = new int[shards];
        shardRows = new int[shards];
        shardId = new int[shards];
        blockSlots = new int[shards + 1];
        blockSums = new float[shards][];
        ranges = pool == null || net.parameterCount() <= MIN_PARALLEL_PARAMETERS ? 1 : pool.getParallelism();
        usesPool = pool != null && (shards > 1 || gemmsFork || ranges > 1);
    }

    /** A trainer for {@code plan}'s steps: one shard slot per shard a step can have. */
    static Trainer of(Network net, BatchPlan plan, ForkJoinPool pool) {
        return new Trainer(net, plan.maxShards(), plan.shardSize(), pool);
    }

    /** Whether this trainer fits {@code plan} on {@code pool}. */
    boolean fits(BatchPlan plan, ForkJoinPool pool) {
        return maxShards == plan.maxShards() && shardSize == plan.shardSize() && this.pool == pool;
    }

    /**
     * The default shard size: a function of the model and batch size only, never of threads. At
     * least 128 rows, enough work to repay a fork, and half the batch: every shard writes a whole
     * gradient buffer that is then summed and packs the weights once more, so fewer, larger shards
     * win (MLP-WIDE at batch 256: 6.0k samples/s with 64-row shards, 7.5k with 128, one thread;
     * MLP-784 at batch 128: 71k with two 64-row shards, 83k with one shard, one thread). A batch
     * that is one shard still uses a pool: its large GEMMs fork (same bits). From
     * {@link #ONE_SHARD_PARAMETERS} parameters on, a batch is always one shard: each further
     * shard's gradient buffer (4 MB and more) and its sum go through memory, while the GEMMs are
     * large enough to fork (MLP-WIDE, 2.1M parameters, batch 256, JMH: one shard 7.21k ± 0.38k
     * samples/s on 1 thread and 11.8k ± 1.0k on 2, two shards 7.04k ± 0.25k and 10.8k ± 0.8k).
     * More cores: set {@link FitOptions#shardSize}.
     */
    static int autoShardSize(Network net, int batchSize) {
        if (net.parameterCount() >= ONE_SHARD_PARAMETERS) {
            return batchSize;
        }
        long flopsPerRow = net.flopsPerRow(); // a GEMM's forward 2·P, backward 4·P
        long rows = Math.max(Math.max(MIN_SHARD_ROWS, MIN_SHARD_FLOPS / Math.max(1, flopsPerRow)),
                (batchSize + 1) / 2);
        return (int) Math.min(batchSize, rows);
    }

    /** The workspace of shard 0, also usable for inference between steps. */
    Workspace workspace() {
        return workspaces[0];
    }

    /**
     * Step b of {@code plan}: gradients summed over shards and blocks into the network's gradient
     * buffer, regularisation, then the optimiser step, unless the loss is not finite: then the
     * parameters are left as they were. {@code order} is the epoch's order of all rows
     * ({@link BatchPlan#order(int, int[])}), or null for rows in place. Returns the sum of per-row
     * data losses; {@link #correct()} and {@link #penalty()} report the rest.
     */
    double step(Loss loss, Optimizer optimizer, TrainingData data, int[] order, BatchPlan plan, int b, long seed) {
        double sum = gradients(loss, data, order, plan, b, seed, 0, plan.blocks(), true);
        this.penalty = Double.NaN; // until this step's regularisation has run
        if (Double.isFinite(sum)) {
            this.optimizer = optimizer;
            try {
                update();
            } finally {
                this.optimizer = null;
            }
        }
        return sum;
    }

    /**
     * Blocks [p0, p1) of step b of {@code plan}: forward, loss and backward of each of their shards,
     * summed in order into the network's gradient buffer. With {@code allRows}, {@code data} holds
     * every row of the plan and {@code order} is the epoch's order of all rows; otherwise it holds
     * only block p0's rows (then p1 = p0 + 1) and {@code order} is that block's order. Each shard's
     * loss gradient is that of the mean over the whole step's rows, so blocks summed elsewhere add
     * up to the step's gradient. Returns the sum of per-row data losses.
     */
    double gradients(Loss loss, TrainingData data, int[] order, BatchPlan plan, int b, long seed,
                     int p0, int p1, boolean allRows) {
        this.loss = loss;
        this.data = data;
        this.order = order;
        this.rows = plan.batchRows(b);
        this.batchSeed = seed;
        layOut(plan, b, p0, p1, allRows);
        try {
            runShards();
        } finally { // the caller's arrays are not kept alive
            this.data = null;
            this.order = null;
            this.loss = null;
        }
        return lossSum;
    }

    /** Fills the shard slots for blocks [p0, p1) of step b. */
    private void layOut(BatchPlan plan, int b, int p0, int p1, boolean allRows) {
        int k = 0;
        int blocksWithRows = 0;
        long stepStart = (long) b * plan.share();
        for (int p = p0; p < p1; p++) {
            int n = plan.stepRows(p, b);
            if (n == 0) {
                continue; // adds nothing; skipping it also keeps −0 gradients as they are
            }
            blockSlots[blocksWithRows++] = k;
            int first = (int) ((allRows ? plan.blockStart(p) : 0) + stepStart);
            for (int j = 0, r = 0; r < n; j++, r += shardSize) {
                shardFirst[k] = first + r;
                shardRows[k] = Math.min(shardSize, n - r);
                shardId[k] = p * plan.shardsPerBlock() + j;
                k++;
            }
        }
        blockSlots[blocksWithRows] = k;
        activeShards = k;
        activeBlocks = blocksWithRows;
    }

    private void runShards() {
        if (!usesPool || (activeShards == 1 && !gemmsFork)) {
            for (int s = 0; s < activeShards; s++) {
                runShard(s);
            }
        } else {
            if (gemmsFork && order != null) {
                // the one shard's rows, gathered by every thread as its GEMMs will be (on one
                // thread, the gather was 8% of MLP-784's step on two)
                gatherBuffers(0);
                region.run(gatherRanges(), gatherPart);
            }
            region.run(activeShards, shardPart);
        }
        if (activeShards > 1) {
            for (int q = 0; q < activeBlocks; q++) {
                blockSums[q] = shardGrads[blockSlots[q]];
            }
            if (ranges == 1) {
                sumRange(0);
            } else {
                region.run(ranges, sumPart);
            }
        }
        double sum = 0;
        for (int s = 0; s < activeShards; s++) {
            sum += shardLoss[s];
        }
        lossSum = sum;
    }

    /** Regularisation and one optimiser step from the summed gradients. */
    private void update() {
        penalty = net.regularize(net.gradients());
        if (ranges == 1) {
            optimizer.step(net.parameters(), net.gradients());
        } else {
            optimizer.beginStep(net.parameterCount());
            region.run(ranges, updatePart);
        }
    }

    /** Whether a step runs on the pool (else on the calling thread): then call it from inside the pool. */
    boolean usesPool() {
        return usesPool;
    }

    /** The regularisation penalty of the last step (before its update); NaN if it stopped at a non-finite loss. */
    double penalty() {
        return penalty;
    }

    int correct() {
        int right = 0;
        for (int s = 0; s < activeShards; s++) {
            right += shardCorrect[s];
        }
        return right;
    }

    private void runShard(int s) {
        int n = shardRows[s];
        TrainingData d = data;
        float[] x = d.x;
        int[] labels = d.labels;
        float[] targets = d.targets;
        int row = shardFirst[s];
        if (order != null) {
            if (!gemmsFork) { // else runShards has gathered the rows
                gatherBuffers(s);
                gather(s, row, 0, n);
            }
            x = shardX[s];
            labels = d.labels == null ? null : shardLabels[s];
            targets = d.targets == null ? null : shardTargets[s];
            row = 0;
        }
        Workspace ws = workspaces[s];
        float[] y = net.forward(ws, x, row * inputs, n, true, BatchPlan.shardSeed(batchSeed, shardId[s]));
        shardCorrect[s] = Metrics.correct(y, n, outputs, labels, targets, row);
        shardLoss[s] = net.lossGradient(ws, loss, n, rows, targets == null ? labels : null, targets, row);
        net.backward(ws, x, row * inputs, n, shardGrads[s]);
    }

    /** Shard s's gather buffers, made on its first shuffled step. */
    private void gatherBuffers(int s) {
        if (shardX[s] == null) {
            shardX[s] = new float[shardSize * inputs];
        }
        if (data.labels != null && shardLabels[s] == null) {
            shardLabels[s] = new int[shardSize];
        }
        if (data.targets != null && shardTargets[s] == null) {
            shardTargets[s] = new float[shardSize * outputs];
        }
    }

    /** Parts of a parallel gather: one per thread, each at least 16 rows. */
    private int gatherRanges() {
        return Math.max(1, Math.min(pool.getParallelism(), shardRows[0] / 16));
    }

    /** Range r of the one shard's rows, gathered. */
    private void gatherRange(int r) {
        int n = shardRows[0];
        int parts = gatherRanges();
        int lo = (int) ((long) n * r / parts);
        int hi = (int) ((long) n * (r + 1) / parts);
        gather(0, shardFirst[0] + lo, lo, hi - lo);
    }

    /** Copies rows order[first .. first + n) of the data into rows [to, to + n) of shard s's buffers. */
    private void gather(int s, int first, int to, int n) {
        TrainingData d = data;
        float[] x = shardX[s];
        for (int r = to; r < to + n; r++) {
            int src = order[first + r - to];
            System.arraycopy(d.x, src * inputs, x, r * inputs, inputs);
            if (d.labels != null) {
                shardLabels[s][r] = d.labels[src];
            }
            if (d.targets != null) {
                System.arraycopy(d.targets, src * outputs, shardTargets[s], r * outputs, outputs);
            }
        }
    }

    /** Each block's shards into its first, then the blocks into the first block's: all in order. */
    private void sumRange(int r) {
        int lo = rangeStart(r);
        int len = rangeStart(r + 1) - lo;
        for (int q = 0; q < activeBlocks; q++) {
            Reduction.addInOrder(shardGrads[blockSlots[q]], shardGrads, blockSlots[q] + 1, blockSlots[q + 1], lo, len);
        }
        Reduction.addInOrder(blockSums[0], blockSums, 1, activeBlocks, lo, len);
    }

    private void updateRange(int r) {
        optimizer.stepRange(net.parameters(), net.gradients(), rangeStart(r), rangeStart(r + 1));
    }

    /** Range r of {@link #ranges} equal ones, its ends on multiples of 64 floats (whole cache lines and vectors). */
    private int rangeStart(int r) {
        int n = net.parameterCount();
        return r >= ranges ? n : Math.min(n, (int) ((long) n * r / ranges) & ~63);
    }
}
