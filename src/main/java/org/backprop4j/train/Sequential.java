package org.backprop4j.train;

import java.util.concurrent.ForkJoinPool;
import org.backprop4j.data.Dataset;
import org.backprop4j.kernel.ArraySizes;
import org.backprop4j.kernel.Parallel;
import org.backprop4j.kernel.SplitMix64;
import org.backprop4j.model.Layer;
import org.backprop4j.model.Loss;
import org.backprop4j.model.Network;
import org.backprop4j.model.Optimizer;
import org.backprop4j.model.Workspace;

/**
 * A stack of layers trained with one loss and one optimiser.
 *
 * <pre>{@code
 * var model = Sequential.of(new Dense(784, 256), Activations.relu(),
 *                           new Dense(256, 10), Activations.softmax());
 * model.compile(Loss.categoricalCrossEntropy(), new Adam(1e-3f));
 * History h = model.fit(x, labels, FitOptions.epochs(5).batchSize(128).shuffle(42).threads(2));
 * float[] probabilities = model.predict(xTest);
 * Evaluation e = model.evaluate(xTest, yTest);
 * }</pre>
 *
 * <p>Data are row-major float[] (rows × features; rows inferred from the input width). Targets are
 * class labels (int[]) or rows×outputs values (float[]). With one sigmoid output, labels are 0/1.
 *
 * <p>Threads: {@link #predict} and {@link #evaluate} may be called from many threads at once
 * (each call borrows a workspace of its own), but not while {@link #fit} or a parameter setter runs.
 * fit itself is single-caller; its parallelism comes from {@link FitOptions#threads}.
 */
public final class Sequential {
    /** Rows per inference pass: bounds each workspace of predict/evaluate. */
    private static final int INFERENCE_ROWS = 256;
    /**
     * Most floats (64 MB) one inference workspace holds: a network so wide that 256 rows would
     * pass it (a model file with a layer of millions of units) passes fewer rows at a time
     * rather than run predict out of memory.
     */
    private static final long INFERENCE_VALUES = 1L << 24;

    private final Network net;
    private final WorkspacePool inference;  // predict's and evaluate's workspaces, lent per call
    private Loss loss;
    private Optimizer optimizer;
    private int epoch;
    private Trainer trainer;        // kept across fits with the same settings
    private ForkJoinPool ownPool;   // the pool FitOptions.threads asked for, kept for later fits
    private int[] order;            // the epoch's permutation

    private Sequential(Network net) {
        this.net = net;
        this.inference = new WorkspacePool(2 * Runtime.getRuntime().availableProcessors(),
                () -> net.newWorkspace(inferenceRows(net)));
    }

    /** Rows per inference pass for {@code net}: {@link #INFERENCE_ROWS}, fewer for a very wide network. */
    static int inferenceRows(Network net) {
        return (int) Math.max(1, Math.min(INFERENCE_ROWS, INFERENCE_VALUES / net.workspaceValuesPerRow()));
    }

    /**
     * A model of {@code layers}, weights initialised from seed 0 (see {@link #initialize}).
     *
     * @throws IllegalArgumentException naming both layers when their shapes do not fit
     */
    public static Sequential of(Layer... layers) {
        return new Sequential(new Network(0L, layers));
    }

    /** Re-initialises all weights from {@code seed} (biases 0) and resets the epoch counter. */
    public Sequential initialize(long seed) {
        net.initialize(seed);
        epoch = 0;
        return this;
    }

    /** Sets the loss and the optimiser; required before {@link #fit}. Returns this. */
    public Sequential compile(Loss loss, Optimizer optimizer) {
        if (loss == null || optimizer == null) {
            throw new IllegalArgumentException("compile needs a loss and an optimizer, got "
                    + loss + ", " + optimizer);
        }
        this.loss = loss;
        this.optimizer = optimizer;
        return this;
    }

    /** Trains on class labels (categorical cross-entropy, or 0/1 for one sigmoid output). */
    public History fit(float[] x, int[] labels, FitOptions options) {
        return fit(x, labels, null, options);
    }

    /** Trains on targets, rows×outputs. */
    public History fit(float[] x, float[] targets, FitOptions options) {
        return fit(x, null, targets, options);
    }

    /** Trains on a {@link Dataset}: its class labels, or its targets. */
    public History fit(Dataset data, FitOptions options) {
        checkWidth("fit", data);
        if (!data.hasClassLabels() && !data.hasTargets()) {
            throw new IllegalArgumentException("fit needs labels or targets; the data set has neither");
        }
        return data.hasClassLabels() ? fit(data.featureData(), data.labels(), null, options)
                : fit(data.featureData(), null, data.targets(), options);
    }

    /** Loss and accuracy on a labelled {@link Dataset}; thread-safe as {@link #predict}. */
    public Evaluation evaluate(Dataset data) {
        checkWidth("evaluate", data);
        if (data.hasClassLabels()) {
            return evaluate(data.featureData(), data.labels());
        }
        if (data.hasTargets()) {
            return evaluate(data.featureData(), data.targets());
        }
        throw new IllegalArgumentException("evaluate needs labels or targets; the data set has neither");
    }

    /** The network output for each row of {@code data}; thread-safe. */
    public float[] predict(Dataset data) {
        checkWidth("predict", data);
        return predict(data.featureData());
    }

    /** A flat array cannot tell a wrong width from a different row count; a Dataset can. */
    private void checkWidth(String call, Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException(call + " needs a data set, got null");
        }
        if (data.features() != net.inputs()) {
            throw new IllegalArgumentException(call + ": the data set has " + data.features()
                    + " features per row, the model's first layer takes " + net.inputs());
        }
    }

    private History fit(float[] x, int[] labels, float[] targets, FitOptions o) {
        // validate everything first: a rejected call leaves the model untouched
        if (loss == null) {
            throw new IllegalStateException("fit called before compile(loss, optimizer)");
        }
        if (o == null) {
            throw new IllegalArgumentException("fit options must not be null");
        }
        ForkJoinPool pool = pool(o);
        TrainingData train = TrainingData.of("training data", x, labels, targets, net.inputs(), net.outputs(), loss,
                pool);
        TrainingData validation = o.validationX() == null ? null
                : TrainingData.of("validation data", o.validationX(), o.validationLabels(), o.validationTargets(),
                net.inputs(), net.outputs(), loss, pool);
        if (o.blocks() > train.rows) {
            throw new IllegalArgumentException("fit: " + o.blocks() + " blocks need at least as many rows, the data has "
                    + train.rows);
        }
        BatchPlan plan = prepare(o, train, pool);

        int first = o.initialEpoch() >= 0 ? o.initialEpoch() : epoch;
        History history = new History(first, o.epochs());
        if (trainer.usesPool()) { // the loop runs in the pool: each step's regions start from inside
            Parallel.run(trainer.pool, 1, i -> trainEpochs(train, validation, o, plan, first, history));
        } else {
            trainEpochs(train, validation, o, plan, first, history);
        }
        return history;
    }

    private void trainEpochs(TrainingData train, TrainingData validation, FitOptions o, BatchPlan plan,
                             int first, History history) {
        int batches = plan.batches();
        Progress p = new Progress();
        p.firstEpoch = first;
        p.epochs = o.epochs();
        p.batches = batches;
        p.samples = train.rows;
        TrainingListener listener = o.listener();
        for (int e = first; e < first + o.epochs() && !p.stopRequested; e++) {
            p.epoch = e;
            p.samplesDone = 0;
            if (listener != null) {
                listener.onEpochStart(p);
            }
            if (o.shuffle()) {
                plan.order(e, order);
            }
            double lossSum = 0;
            double penaltySum = 0;
            long right = 0;
            int b = 0;
            for (; b < batches && !p.stopRequested; b++) {
                int n = plan.batchRows(b);
                double batchLoss = trainer.step(loss, optimizer, train, o.shuffle() ? order : null, plan, b,
                        plan.batchSeed(e, b));
                if (!Double.isFinite(batchLoss)) {
                    throw new IllegalStateException("loss became " + batchLoss + " at epoch " + e
                            + ", batch " + b + " (0-based); weights hold the values before this batch");
                }
                double penalty = trainer.penalty();
                int batchRight = trainer.correct();
                lossSum += batchLoss;
                penaltySum += penalty;
                right += batchRight;
                p.samplesDone += n;
                if (listener != null) {
                    p.batch = b;
                    p.batchLoss = batchLoss / n;
                    p.batchAccuracy = (double) batchRight / n;
                    listener.onBatchEnd(p);
                }
            }
            p.dataLoss = lossSum / p.samplesDone;
            p.regularizationLoss = penaltySum / b;
            p.accuracy = (double) right / p.samplesDone;
            if (validation != null) {
                Evaluation v = evaluate(validation, trainer.workspace());
                p.validationLoss = v.dataLoss();
                p.validationAccuracy = v.accuracy();
            }
            epoch = e + 1;
            history.add(p);
            if (listener != null) {
                listener.onEpochEnd(p);
            }
        }
    }

    /** The pool {@code o} asks for: the caller's, the model's own (made or remade), or null for one thread. */
    private ForkJoinPool pool(FitOptions o) {
        ForkJoinPool pool = o.pool();
        int threads = o.effectiveThreads();
        if (pool == null && threads > 1) {
            if (ownPool == null || ownPool.getParallelism() != threads) {
                if (ownPool != null) {
                    ownPool.shutdown();
                }
                ownPool = new ForkJoinPool(threads);
            }
            pool = ownPool;
        }
        return pool;
    }

    /** (Re)builds the trainer and the permutation when the settings changed since the last fit. */
    private BatchPlan prepare(FitOptions o, TrainingData train, ForkJoinPool pool) {
        BatchPlan plan = plan(o, train.rows);
        if (trainer == null || !trainer.fits(plan, pool)) {
            trainer = Trainer.of(net, plan, pool);
        }
        if (o.shuffle() && (order == null || order.length != train.rows)) {
            order = new int[train.rows];
        }
        return plan;
    }

    /**
     * The batch plan {@link #fit} follows on {@code rows} rows with options {@code o}: the batch is
     * capped at the rows, and the shard size, unless set, is {@link Trainer#autoShardSize} of the
     * model and batch size. Trainers that hold the rows elsewhere use it to follow fit exactly.
     */
    public BatchPlan plan(FitOptions o, int rows) {
        int batchSize = Math.min(o.batchSize(), rows);
        int shardSize = o.shardSize() > 0 ? Math.min(o.shardSize(), batchSize) : Trainer.autoShardSize(net, batchSize);
        return new BatchPlan(rows, o.blocks(), batchSize, shardSize, o.shuffle(), o.seed());
    }

    /**
     * The network output for each row of x (rows × outputs, a new array). Thread-safe: each call
     * borrows a workspace no other call uses meanwhile, so in steady state it allocates only
     * its result.
     *
     * @throws IllegalArgumentException when x is not a multiple of the input width or holds NaN/Inf,
     *     or when the result would not fit in one Java array
     */
    public float[] predict(float[] x) {
        int rows = TrainingData.rowsOf("predict", x, net.inputs());
        TrainingData.checkFinite("predict x", x, net.inputs());
        int in = net.inputs();
        int out = net.outputs();
        float[] result = new float[ArraySizes.product("predict: rows × outputs", "values", rows, out)];
        Workspace ws = inference.take();
        try {
            for (int r0 = 0; r0 < rows; r0 += ws.capacity()) {
                int n = Math.min(ws.capacity(), rows - r0);
                float[] y = net.forward(ws, x, r0 * in, n, false, 0L);
                System.arraycopy(y, 0, result, r0 * out, n * out);
            }
        } finally {
            inference.giveBack(ws);
        }
        return result;
    }

    /** Loss (data and regularisation) and accuracy on class labels; thread-safe as {@link #predict}. */
    public Evaluation evaluate(float[] x, int[] labels) {
        checkCompiled("evaluate");
        return evaluateLent(TrainingData.of("evaluation data", x, labels, null, net.inputs(), net.outputs(), loss));
    }

    /** Loss (data and regularisation) and accuracy on targets (rows×outputs); thread-safe as {@link #predict}. */
    public Evaluation evaluate(float[] x, float[] targets) {
        checkCompiled("evaluate");
        return evaluateLent(TrainingData.of("evaluation data", x, null, targets, net.inputs(), net.outputs(), loss));
    }

    /** {@link #evaluate(TrainingData, Workspace)} on a workspace lent for the call. */
    private Evaluation evaluateLent(TrainingData d) {
        Workspace ws = inference.take();
        try {
            return evaluate(d, ws);
        } finally {
            inference.giveBack(ws);
        }
    }

    private Evaluation evaluate(TrainingData d, Workspace ws) {
        int in = net.inputs();
        int out = net.outputs();
        double lossSum = 0;
        long right = 0;
        int[] lossLabels = d.targets == null ? d.labels : null;
        for (int r0 = 0; r0 < d.rows; r0 += ws.capacity()) {
            int n = Math.min(ws.capacity(), d.rows - r0);
            float[] y = net.forward(ws, d.x, r0 * in, n, false, 0L);
            right += Metrics.correct(y, n, out, d.labels, d.targets, r0);
            lossSum += net.lossGradient(ws, loss, n, d.rows, lossLabels, d.targets, r0);
        }
        return new Evaluation(lossSum / d.rows, net.regularizationPenalty(), (double) right / d.rows, d.rows);
    }

    // ---- lower level: one batch at a time, parameters and gradients -----------------------------

    /**
     * One training step on one batch (all rows of x, one shard, the calling thread): forward,
     * loss, backward, regularisation, optimiser step. Returns the batch's mean data loss.
     */
    public double trainOnBatch(float[] x, int[] labels) {
        return trainOnBatch(x, labels, null);
    }

    /** As {@link #trainOnBatch(float[], int[])} with targets (rows×outputs). */
    public double trainOnBatch(float[] x, float[] targets) {
        return trainOnBatch(x, null, targets);
    }

    private double trainOnBatch(float[] x, int[] labels, float[] targets) {
        checkCompiled("trainOnBatch");
        TrainingData d = TrainingData.of("batch", x, labels, targets, net.inputs(), net.outputs(), loss);
        BatchPlan plan = new BatchPlan(d.rows, 1, d.rows, d.rows, false, 0L);
        if (trainer == null || !trainer.fits(plan, null)) {
            trainer = Trainer.of(net, plan, null);
        }
        double sum = trainer.step(loss, optimizer, d, null, plan, 0, SplitMix64.derive(epoch, optimizer.steps()));
        if (!Double.isFinite(sum)) {
            throw new IllegalStateException("loss became " + sum + " at step " + optimizer.steps()
                    + "; weights hold the values before this batch");
        }
        return sum / d.rows;
    }

    /**
     * The update half of a step whose gradient was computed elsewhere (by {@link BlockGradients},
     * summed in block order): takes {@code gradients} as the step's gradient, adds regularisation,
     * then takes one optimiser step, as {@link #fit} does after summing its shards. Returns the
     * regularisation penalty. Non-finite gradients are refused and nothing changes.
     */
    public double applyGradients(float[] gradients) {
        checkCompiled("applyGradients");
        if (gradients == null || gradients.length != net.parameterCount()) {
            throw new IllegalArgumentException("applyGradients needs " + net.parameterCount() + " gradients, got "
                    + (gradients == null ? "null" : gradients.length));
        }
        TrainingData.checkFinite("gradients", gradients, gradients.length);
        float[] g = net.gradients();
        if (g != gradients) {
            System.arraycopy(gradients, 0, g, 0, g.length);
        }
        double penalty = net.regularize(g);
        optimizer.step(net.parameters(), g);
        return penalty;
    }

    /** The compiled network: forward/lossGradient/backward on a workspace for custom loops. */
    public Network network() {
        return net;
    }

    /** A copy of all parameters, one flat array (each Dense's W then b, in layer order). */
    public float[] parameters() {
        return net.parameters().clone();
    }

    /** Sets all parameters from a flat array laid out as {@link #parameters()}. */
    public void setParameters(float[] values) {
        net.setParameters(values);
    }

    /** A copy of the gradients of the last step, laid out as {@link #parameters()}. */
    public float[] gradients() {
        return net.gradients().clone();
    }

    public Loss loss() {
        return loss;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** Epochs completed; the next fit starts here unless {@link FitOptions#initialEpoch} says otherwise. */
    public int epoch() {
        return epoch;
    }

    /** Sets the epoch counter (e.g. when restoring a checkpoint together with the optimiser state). */
    public void setEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        this.epoch = epoch;
    }

    private void checkCompiled(String what) {
        if (loss == null) {
            throw new IllegalStateException(what + " called before compile(loss, optimizer)");
        }
    }

    @Override
    public String toString() {
        return "Sequential" + net.toString().substring("Network".length());
    }
}
