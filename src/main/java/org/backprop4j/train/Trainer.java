package org.backprop4j.train;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import org.backprop4j.kernel.Parallel;
import org.backprop4j.kernel.Reduction;
import org.backprop4j.kernel.SplitMix64;
import org.backprop4j.model.Loss;
import org.backprop4j.model.Network;
import org.backprop4j.model.Optimizer;
import org.backprop4j.model.Workspace;

/**
 * One optimiser step per batch, data-parallel over shards: the batch is cut into shards of a fixed
 * row count, each shard gathers its rows and runs forward + loss + backward on its own workspace
 * into its own gradient buffer, the buffers are summed in shard order, and the optimiser steps
 * once. Which thread runs which shard never changes a bit of the result.
 *
 * <p>On a pool, call {@link #step} from a thread of that pool ({@link Sequential#fit} runs its
 * whole loop there): its regions then start from inside, which costs well under a microsecond,
 * where each entry into the pool from outside costs tens of microseconds (waking a worker, then
 * the caller). From outside it gives the same bits, only slower.
 *
 * <p>Workspaces, gradient buffers and the parallel regions (their fork tasks) are allocated here,
 * once per (batch size, shard size, pool), and each shard's gather buffers on its first shuffled
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
    final int batchSize;
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
    // each shard's gathered rows (made on first use): x, class labels, targets
    private final float[][] shardX;
    private final int[][] shardLabels;
    private final float[][] shardTargets;

    // the current step, read by the parts
    private Loss loss;
    private Optimizer optimizer;
    private TrainingData data;
    private int[] order;      // the batch is rows order[from ..) of data, or rows from.. in place when null
    private int from;
    private int rows;
    private long batchSeed;
    private int activeShards;
    private double lossSum;
    private double penalty;

    Trainer(Network net, int batchSize, int shardSize, ForkJoinPool pool) {
        this.net = net;
        this.batchSize = batchSize;
        this.shardSize = shardSize;
        this.pool = pool;
        this.region = pool == null ? null : new Parallel(pool);
        this.inputs = net.inputs();
        this.outputs = net.outputs();
        int shards = (batchSize + shardSize - 1) / shardSize;
        gemmsFork = shards == 1 && pool != null && net.forks(Math.min(shardSize, batchSize), pool.getParallelism());
        workspaces = new Workspace[shards];
        shardGrads = new float[shards][];
        for (int s = 0; s < shards; s++) {
            workspaces[s] = net.newWorkspace(Math.min(shardSize, batchSize), gemmsFork ? pool : null);
            shardGrads[s] = s == 0 ? net.gradients() : new float[net.parameterCount()];
        }
        shardLoss = new double[shards];
        shardCorrect = new int[shards];
        shardX = new float[shards][];
        shardLabels = new int[shards][];
        shardTargets = new float[shards][];
        ranges = pool == null || net.parameterCount() <= MIN_PARALLEL_PARAMETERS ? 1 : pool.getParallelism();
        usesPool = pool != null && (shards > 1 || gemmsFork || ranges > 1);
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
     * One step on the batch of rows order[from .. from + rows) of {@code data} (rows from.. in
     * place when order is null): gradients summed over shards into the network's gradient buffer,
     * regularisation, then the optimiser step, unless the loss is not finite: then the parameters
     * are left as they were. Returns the sum of per-row data losses; {@link #correct()} and
     * {@link #penalty()} report the rest.
     */
    double step(Loss loss, Optimizer optimizer, TrainingData data, int[] order, int from, int rows,
                long seed) {
        this.loss = loss;
        this.optimizer = optimizer;
        this.data = data;
        this.order = order;
        this.from = from;
        this.rows = rows;
        this.batchSeed = seed;
        this.activeShards = (rows + shardSize - 1) / shardSize;
        this.penalty = Double.NaN; // until this step's regularisation has run
        try {
            runBatch();
        } finally { // the caller's arrays and optimiser are not kept alive
            this.data = null;
            this.order = null;
            this.loss = null;
            this.optimizer = null;
        }
        return lossSum;
    }

    private void runBatch() {
        if (!usesPool || (activeShards == 1 && !gemmsFork)) {
            for (int s = 0; s < activeShards; s++) {
                runShard(s);
            }
        } else {
            region.run(activeShards, shardPart);
        }
        if (activeShards > 1) {
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
        if (!Double.isFinite(sum)) {
            return;
        }
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
        int r0 = s * shardSize;
        int n = Math.min(shardSize, rows - r0);
        TrainingData d = data;
        float[] x = d.x;
        int[] labels = d.labels;
        float[] targets = d.targets;
        int row = from + r0;
        if (order != null) {
            gather(s, row, n);
            x = shardX[s];
            labels = d.labels == null ? null : shardLabels[s];
            targets = d.targets == null ? null : shardTargets[s];
            row = 0;
        }
        Workspace ws = workspaces[s];
        float[] y = net.forward(ws, x, row * inputs, n, true, SplitMix64.derive(batchSeed, s));
        shardCorrect[s] = Metrics.correct(y, n, outputs, labels, targets, row);
        shardLoss[s] = net.lossGradient(ws, loss, n, rows, targets == null ? labels : null, targets, row);
        net.backward(ws, x, row * inputs, n, shardGrads[s]);
    }

    /** Copies rows order[first .. first + n) of the data into shard s's buffers. */
    private void gather(int s, int first, int n) {
        TrainingData d = data;
        if (shardX[s] == null) {
            shardX[s] = new float[shardSize * inputs];
        }
        if (d.labels != null && shardLabels[s] == null) {
            shardLabels[s] = new int[shardSize];
        }
        if (d.targets != null && shardTargets[s] == null) {
            shardTargets[s] = new float[shardSize * outputs];
        }
        float[] x = shardX[s];
        for (int r = 0; r < n; r++) {
            int src = order[first + r];
            System.arraycopy(d.x, src * inputs, x, r * inputs, inputs);
            if (d.labels != null) {
                shardLabels[s][r] = d.labels[src];
            }
            if (d.targets != null) {
                System.arraycopy(d.targets, src * outputs, shardTargets[s], r * outputs, outputs);
            }
        }
    }

    private void sumRange(int r) {
        int lo = rangeStart(r);
        Reduction.addInOrder(shardGrads[0], shardGrads, 1, activeShards, lo, rangeStart(r + 1) - lo);
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
