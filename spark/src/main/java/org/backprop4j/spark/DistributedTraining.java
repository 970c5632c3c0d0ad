package org.backprop4j.spark;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.spark.Partitioner;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.backprop4j.model.Optimizer;
import org.backprop4j.train.BatchPlan;
import org.backprop4j.train.FitOptions;
import org.backprop4j.train.Sequential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * Training on a cluster, both strategies. The rows are read once into float blocks, cached on
 * the executors, one block per task; each step or round is then one Spark job over the cached
 * blocks, never a scan of the DataFrame.
 *
 * <p><b>Synchronous</b>: every step, each block's task computes its share of the batch's gradient
 * from the parameters the step ships ({@link org.backprop4j.train.BlockGradients}); the driver sums
 * the shares in block order and steps the optimiser ({@link Sequential#applyGradients}). This is
 * {@link Sequential#fit} with {@link FitOptions#blocks}, so the weights are the same bits as one
 * machine's fit with the same blocks, batch size, shard size and seed, on the same rows in the
 * same order, whichever executor computes which block and however often a task is retried.
 *
 * <p><b>Averaging</b>: each round, each block's task starts from the shipped parameters and
 * optimiser state, trains {@code averagingSteps} steps on its own rows (its own shuffle, batches
 * of its share of the batch size), and returns both; the driver averages them in block order.
 * One job per round instead of per step; the result is reproducible but is not fit's.
 */
final class DistributedTraining {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedTraining.class);

    private DistributedTraining() {
    }

    /** The trained model and what each epoch (synchronous) or round (averaging) measured. */
    record Result(Sequential model, double[] loss, double[] accuracy) {
    }

    /**
     * One block's part of a step or round, floats as {@link FloatBytes}; a class, not a record,
     * for the reason {@link Rows.Chunk} is.
     */
    static final class Part implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int rows;
        private final byte[] values;
        private final byte[] state;
        private final double loss;
        private final int correct;

        Part(int rows, byte[] values, byte[] state, double loss, int correct) {
            this.rows = rows;
            this.values = values;
            this.state = state;
            this.loss = loss;
            this.correct = correct;
        }

        int rows() {
            return rows;
        }

        byte[] values() {
            return values;
        }

        byte[] state() {
            return state;
        }

        double loss() {
            return loss;
        }

        int correct() {
            return correct;
        }
    }

    private static final ClassTag<Part> PART = ClassTag$.MODULE$.apply(Part.class);

    static Result train(Dataset<?> dataset, String featuresCol, String labelCol, NetworkSpec spec,
                        NetworkTrainingParams<?> p) {
        Sequential model;
        try {
            model = spec.build(p.getSeed());
        } catch (IllegalStateException e) { // the driver's JVM lacks the Vector API: say where the flag goes
            throw new IllegalStateException(e.getMessage() + " On Spark, pass it to the driver with"
                    + " spark.driver.extraJavaOptions (or spark-submit --driver-java-options) and to the executors"
                    + " with spark.executor.extraJavaOptions.", e);
        }
        int inputs = spec.inputs();
        int classes = spec.classifier() ? spec.outputs() : 0;
        JavaRDD<Row> rows = dataset.select(col(featuresCol), col(labelCol).cast("double")).toJavaRDD();
        JavaRDD<Rows.Chunk> chunks = rows.mapPartitionsWithIndex((i, it) -> Collections.singletonList(
                moduleProblem(i) != null ? Rows.problem(i, moduleProblem(i))
                        : Rows.read(i, it, inputs, classes, featuresCol, labelCol)).iterator(), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<long[]> sizes = chunks.map(c -> new long[] {c.partition(), c.rows()}).collect();
            String problem = chunks.filter(c -> c.problem() != null).map(Rows.Chunk::problem).take(1).stream()
                    .findFirst().orElse(null);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            long[] first = new long[sizes.size()];
            long total = 0;
            for (long[] s : sizes) {
                first[(int) s[0]] = total;
                total += s[1];
            }
            if (total == 0) {
                throw new IllegalArgumentException("the training DataFrame has no rows");
            }
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the training DataFrame has " + total + " rows; at most "
                        + Integer.MAX_VALUE + " are supported");
            }
            int n = (int) total;
            int threads = p.getThreadsPerTask();
            int blocks = p.getNumBlocks() > 0 ? p.getNumBlocks()
                    : Math.max(1, dataset.sparkSession().sparkContext().defaultParallelism() / threads);
            blocks = Math.min(blocks, n);
            FitOptions options = FitOptions.epochs(p.getEpochs()).batchSize(p.getBatchSize())
                    .shardSize(p.getShardSize()).shuffle(p.getSeed()).blocks(blocks);
            BatchPlan plan = model.plan(options, n);
            checkSizes(dataset.sparkSession().sparkContext().getConf(), plan, inputs, model, p);

            JavaRDD<Rows.Block> cached = chunks
                    .flatMapToPair(c -> Rows.cut(c, first[c.partition()], plan, inputs).iterator())
                    .partitionBy(new BlockPartitioner(blocks))
                    .values()
                    .mapPartitionsWithIndex((i, it) -> Collections.singletonList(
                            Rows.assemble(i, it, inputs, plan.blockRows(i))).iterator(), true)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            try {
                long[] checksums = new long[blocks];
                for (long[] c : cached.map(b -> new long[] {b.index(), b.checksum()}).collect()) {
                    checksums[(int) c[0]] = c[1];
                }
                Workers.Training training = new Workers.Training(UUID.randomUUID().toString(), spec, plan, threads,
                        checksums);
                chunks.unpersist(false);
                LOG.info("backprop4j: {} rows in {} blocks, {} strategy, {}", n, blocks, p.getStrategy(), plan);
                Result result = TrainingParamSet.AVERAGING.equals(p.getStrategy())
                        ? averaging(cached, training, model, p.getEpochs(), p.getAveragingSteps())
                        : synchronous(cached, training, model, p.getEpochs());
                removeWorkers(cached, training);
                return result;
            } finally {
                // After a failure, executors drop the training's workers once idle (Workers): a
                // job here could recompute lost blocks from the DataFrame just to find them.
                cached.unpersist(false);
            }
        } finally {
            chunks.unpersist(false);
        }
    }

    /** The largest array a JVM allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * Refuses, before the rows are cached, a block too large for one array and steps whose results
     * exceed {@code spark.driver.maxResultSize}; warns when the blocks' shares make the batch larger.
     */
    static void checkSizes(SparkConf conf, BatchPlan plan, int inputs, Sequential model, NetworkTrainingParams<?> p) {
        long largest = 0;
        for (int b = 0; b < plan.blocks(); b++) {
            largest = Math.max(largest, plan.blockRows(b));
        }
        if (largest * inputs > MAX_ARRAY) {
            long atLeast = ((long) plan.rows() * inputs + MAX_ARRAY - 1) / MAX_ARRAY + 1;
            throw new IllegalArgumentException("a block of " + largest + " rows × " + inputs + " features is more"
                    + " than one Java array holds (" + MAX_ARRAY + " floats); set numBlocks to " + atLeast
                    + " or more");
        }
        boolean averaging = TrainingParamSet.AVERAGING.equals(p.getStrategy());
        int count = model.network().parameterCount();
        long perBlock = (long) Float.BYTES * (count + (averaging ? model.optimizer().stateLength(count) : 0));
        long perStep = perBlock * plan.blocks();
        long limit = conf.getSizeAsBytes("spark.driver.maxResultSize", "1g");
        if (limit > 0 && perStep > limit) {
            throw new IllegalArgumentException("each " + (averaging ? "round" : "step") + " returns " + perStep
                    + " bytes to the driver (" + plan.blocks() + " blocks × " + perBlock + "), more than"
                    + " spark.driver.maxResultSize (" + limit + "); use fewer blocks (numBlocks) or raise"
                    + " spark.driver.maxResultSize");
        }
        long rowsPerStep = (long) plan.share() * plan.blocks();
        if (rowsPerStep != p.getBatchSize()) {
            LOG.warn("backprop4j: batch size {} over {} blocks: each block gives {} rows a step, {} in all",
                    p.getBatchSize(), plan.blocks(), plan.share(), rowsPerStep);
        }
    }

    /** Drops the training's workers on the executors that hold its blocks; best effort. */
    private static void removeWorkers(JavaRDD<Rows.Block> cached, Workers.Training training) {
        String id = training.id;
        try {
            cached.foreachPartition(it -> it.forEachRemaining(b -> Workers.remove(id, b.index())));
        } catch (RuntimeException e) {
            LOG.warn("backprop4j: could not drop the training's workers on the executors (they drop them once"
                    + " idle): {}", e.toString());
        }
    }

    /** Why this JVM cannot train, or null. */
    private static String moduleProblem(int partition) {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? null
                : "the executor that read input partition " + partition + " runs without the Vector API: add"
                + " --add-modules jdk.incubator.vector to spark.executor.extraJavaOptions";
    }

    private static Result synchronous(JavaRDD<Rows.Block> cached, Workers.Training training, Sequential model,
                                      int epochs) {
        SparkContext sc = cached.context();
        BatchPlan plan = training.plan;
        float[] sum = new float[model.network().parameterCount()];
        float[] share = new float[sum.length];
        double[] loss = new double[epochs];
        double[] accuracy = new double[epochs];
        long step = 0;
        for (int e = 0; e < epochs; e++) {
            double lossSum = 0;
            long right = 0;
            for (int b = 0; b < plan.batches(); b++, step++) {
                GradientTask task = new GradientTask(training, FloatBytes.of(model.network().parameters()), e, b,
                        step);
                Part[] parts = (Part[]) sc.runJob(cached.rdd(), task, PART);
                boolean first = true;
                double stepLoss = 0;
                for (Part part : parts) { // partition order is block order
                    if (part.rows() == 0) {
                        continue;
                    }
                    if (first) {
                        FloatBytes.into(part.values(), sum);
                        first = false;
                    } else {
                        FloatBytes.into(part.values(), share);
                        for (int i = 0; i < sum.length; i++) {
                            sum[i] += share[i];
                        }
                    }
                    stepLoss += part.loss();
                    right += part.correct();
                }
                if (!Double.isFinite(stepLoss)) {
                    throw new IllegalStateException("loss became " + stepLoss + " at epoch " + e + ", batch " + b
                            + " (0-based); lower the learning rate or scale the features");
                }
                model.applyGradients(sum);
                lossSum += stepLoss;
            }
            loss[e] = lossSum / plan.rows();
            accuracy[e] = (double) right / plan.rows();
            LOG.info("backprop4j: epoch {} loss {} accuracy {}", e + 1, loss[e], accuracy[e]);
        }
        model.setEpoch(epochs);
        return new Result(model, loss, accuracy);
    }

    /**
     * One synchronous step's task: block's share of the gradient of step (epoch, batch) at the
     * shipped weights. A named function class, not a lambda: Spark's closure cleaner parses a
     * lambda's enclosing class with ASM on every job, which cost more than the step itself.
     */
    static final class GradientTask extends AbstractFunction2<TaskContext, Iterator<Rows.Block>, Part>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Workers.Training training;
        private final byte[] weights;
        private final int epoch;
        private final int batch;
        private final long step;

        GradientTask(Workers.Training training, byte[] weights, int epoch, int batch, long step) {
            this.training = training;
            this.weights = weights;
            this.epoch = epoch;
            this.batch = batch;
            this.step = step;
        }

        @Override
        public Part apply(TaskContext context, Iterator<Rows.Block> it) {
            Rows.Block block = it.next();
            Failures.maybeFail(step, block.index());
            int p = block.index();
            int rows = training.plan.stepRows(p, batch);
            if (rows == 0) {
                return new Part(0, null, null, 0, 0);
            }
            return Workers.run(training, block, training.plan, p, w -> {
                FloatBytes.into(weights, w.scratch);
                w.model.setParameters(w.scratch);
                double loss = w.gradients.compute(epoch, batch);
                return new Part(rows, FloatBytes.of(w.gradients.gradients()), null, loss, w.gradients.correct());
            });
        }
    }

    private static Result averaging(JavaRDD<Rows.Block> cached, Workers.Training training, Sequential model,
                                    int epochs, int k) {
        SparkContext sc = cached.context();
        BatchPlan plan = training.plan;
        long totalSteps = (long) epochs * plan.batches();
        int rounds = (int) ((totalSteps + k - 1) / k);
        int count = model.network().parameterCount();
        Optimizer optimizer = model.optimizer();
        double[] loss = new double[rounds];
        double[] accuracy = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = (long) r * k;
            int steps = (int) Math.min(k, totalSteps - t0);
            long optimizerSteps = optimizer.steps();
            RoundTask task = new RoundTask(training, FloatBytes.of(model.network().parameters()),
                    FloatBytes.of(optimizer.state()), optimizerSteps, r, t0, steps);
            List<Part> parts = List.of((Part[]) sc.runJob(cached.rdd(), task, PART));
            float[] meanParams = mean(parts, false, count);
            float[] meanState = mean(parts, true, parts.get(0).state().length / Float.BYTES);
            model.setParameters(meanParams);
            optimizer.restore(meanState, optimizerSteps + steps, count);
            double lossSum = 0;
            long seen = 0;
            long right = 0;
            for (Part part : parts) {
                lossSum += part.loss();
                seen += part.rows();
                right += part.correct();
            }
            if (!Double.isFinite(lossSum)) {
                throw new IllegalStateException("loss became " + lossSum + " in averaging round " + r
                        + " (0-based); lower the learning rate or scale the features");
            }
            loss[r] = lossSum / seen;
            accuracy[r] = (double) right / seen;
            LOG.info("backprop4j: round {} of {} loss {} accuracy {}", r + 1, rounds, loss[r], accuracy[r]);
        }
        model.setEpoch(epochs);
        return new Result(model, loss, accuracy);
    }

    /** The block's own plan for averaging: its rows as one block, batches of its share, its own shuffle. */
    static BatchPlan localPlan(BatchPlan plan, int block, int rows) {
        return new BatchPlan(rows, 1, plan.share(), plan.shardSize(), plan.shuffle(),
                plan.seed() ^ 0x9E3779B97F4A7C15L * (block + 1));
    }

    /**
     * One averaging round's task: local steps [t0, t0 + steps) of the block, from the shipped
     * parameters and optimiser state. A named function class for the reason {@link GradientTask} is.
     */
    static final class RoundTask extends AbstractFunction2<TaskContext, Iterator<Rows.Block>, Part>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Workers.Training training;
        private final byte[] params;
        private final byte[] state;
        private final long optimizerSteps;
        private final int round;
        private final long t0;
        private final int steps;

        RoundTask(Workers.Training training, byte[] params, byte[] state, long optimizerSteps, int round, long t0,
                  int steps) {
            this.training = training;
            this.params = params;
            this.state = state;
            this.optimizerSteps = optimizerSteps;
            this.round = round;
            this.t0 = t0;
            this.steps = steps;
        }

        @Override
        public Part apply(TaskContext context, Iterator<Rows.Block> it) {
            Rows.Block block = it.next();
            Failures.maybeFail(round, block.index());
            BatchPlan local = localPlan(training.plan, block.index(), block.rows());
            return Workers.run(training, block, local, 0, w -> {
                Sequential m = w.model;
                FloatBytes.into(params, w.scratch);
                m.setParameters(w.scratch);
                m.optimizer().restore(FloatBytes.floats(state), optimizerSteps, w.scratch.length);
                double lossSum = 0;
                long rows = 0;
                int right = 0;
                int perEpoch = local.batches();
                for (long t = t0; t < t0 + steps; t++) {
                    int e = (int) (t / perEpoch);
                    int b = (int) (t % perEpoch);
                    lossSum += w.gradients.compute(e, b);
                    right += w.gradients.correct();
                    rows += local.batchRows(b);
                    m.applyGradients(w.gradients.gradients());
                }
                return new Part((int) rows, FloatBytes.of(m.network().parameters()),
                        FloatBytes.of(m.optimizer().state()), lossSum, right);
            });
        }
    }

    /** The element-wise mean of the parts' parameters (or states), summed in block order in double. */
    private static float[] mean(List<Part> parts, boolean state, int length) {
        double[] acc = new double[length];
        float[] v = new float[length];
        for (Part part : parts) {
            FloatBytes.into(state ? part.state() : part.values(), v);
            for (int i = 0; i < length; i++) {
                acc[i] += v[i];
            }
        }
        float[] mean = new float[length];
        for (int i = 0; i < length; i++) {
            mean[i] = (float) (acc[i] / parts.size());
        }
        return mean;
    }

    /** Sends key p to partition p: block p's pieces to task p. */
    static final class BlockPartitioner extends Partitioner {
        private final int blocks;

        BlockPartitioner(int blocks) {
            this.blocks = blocks;
        }

        @Override
        public int numPartitions() {
            return blocks;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BlockPartitioner other && other.blocks == blocks;
        }

        @Override
        public int hashCode() {
            return blocks;
        }
    }
}
