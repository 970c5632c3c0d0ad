package org.backprop4j.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.backprop4j.model.Optimizer;
import scala.Function1;

/**
 * The Params of training a backprop4j network, made once per estimator: a Param belongs to its
 * owner's uid. {@link NetworkTrainingParams} exposes them as MLlib-style methods.
 */
public final class TrainingParamSet implements Serializable {
    /** Activation names {@code activation} accepts, as the library's {@code Activations.named} takes them. */
    public static final List<String> ACTIVATIONS = List.of("relu", "leaky_relu", "tanh", "sigmoid", "linear");
    /** Strategy names. */
    public static final String SYNCHRONOUS = "synchronous";
    public static final String AVERAGING = "averaging";

    final IntArrayParam layers;
    final Param<String> activation;
    final DoubleParam dropout;
    final DoubleParam l2;
    final Param<String> optimizer;
    final DoubleParam learningRate;
    final IntParam epochs;
    final IntParam batchSize;
    final LongParam seed;
    final IntParam threadsPerTask;
    final IntParam shardSize;
    final IntParam numBlocks;
    final Param<String> strategy;
    final IntParam averagingSteps;

    TrainingParamSet(Params owner) {
        String uid = owner.uid();
        layers = new IntArrayParam(owner, "layers", "layer sizes from the input to the output, e.g. [784, 256, 128, 10]:"
                + " a Dense layer between each pair, the activation after each hidden one",
                cast((int[] v) -> v.length >= 2 && Arrays.stream(v).allMatch(n -> n >= 1)));
        activation = new Param<>(uid, "activation", "the hidden layers' activation: " + String.join(", ", ACTIVATIONS),
                cast((String v) -> ACTIVATIONS.contains(v.toLowerCase(Locale.ROOT))));
        dropout = new DoubleParam(uid, "dropout", "dropout rate after each hidden activation, in [0, 1)",
                ParamValidators.inRange(0, 1, true, false));
        l2 = new DoubleParam(uid, "l2", "L2 penalty on every Dense layer's weights, >= 0", ParamValidators.gtEq(0));
        optimizer = new Param<>(uid, "optimizer", "the optimiser: " + String.join(", ", Optimizer.NAMES),
                cast((String v) -> Optimizer.NAMES.contains(v.toLowerCase(Locale.ROOT))));
        learningRate = new DoubleParam(uid, "learningRate", "the optimiser's learning rate, > 0",
                ParamValidators.gt(0));
        epochs = new IntParam(uid, "epochs", "passes over the data, >= 1", ParamValidators.gtEq(1));
        batchSize = new IntParam(uid, "batchSize", "rows per optimiser step over all blocks, >= 1;"
                + " each block gives ceil(batchSize / numBlocks)", ParamValidators.gtEq(1));
        seed = new LongParam(uid, "seed", "seed of the initial weights, the shuffling and dropout");
        threadsPerTask = new IntParam(uid, "threadsPerTask", "threads each task trains its block with, >= 1"
                + " (give tasks that many cores: spark.task.cpus)", ParamValidators.gtEq(1));
        shardSize = new IntParam(uid, "shardSize", "rows per shard, the unit of a task's parallel work"
                + " (0: the library's automatic size); part of the layout that makes results reproducible",
                ParamValidators.gtEq(0));
        numBlocks = new IntParam(uid, "numBlocks", "blocks the rows are cut into, one task each"
                + " (0: the default parallelism divided by threadsPerTask)", ParamValidators.gtEq(0));
        strategy = new Param<>(uid, "strategy", "'" + SYNCHRONOUS + "': one optimiser step per batch over all"
                + " blocks, the same weights as one machine's fit with the same blocks; '" + AVERAGING
                + "': each block trains averagingSteps steps on its own, then parameters and optimiser state"
                + " are averaged", cast((String v) -> v.equals(SYNCHRONOUS) || v.equals(AVERAGING)));
        averagingSteps = new IntParam(uid, "averagingSteps", "local steps between averages (averaging only), >= 1",
                ParamValidators.gtEq(1));
    }

    /** The defaults, set on {@code owner}. */
    void setDefaults(Params owner) {
        owner.setDefault(activation, "relu");
        owner.setDefault(dropout, 0.0);
        owner.setDefault(l2, 0.0);
        owner.setDefault(optimizer, "adam");
        owner.setDefault(learningRate, 1e-3);
        owner.setDefault(epochs, 10);
        owner.setDefault(batchSize, 128);
        owner.setDefault(seed, 42L);
        owner.setDefault(threadsPerTask, 1);
        owner.setDefault(shardSize, 0);
        owner.setDefault(numBlocks, 0);
        owner.setDefault(strategy, SYNCHRONOUS);
        owner.setDefault(averagingSteps, 32);
    }

    /** A Scala validator from a Java predicate (Spark's validators are Scala functions). */
    @SuppressWarnings("unchecked")
    private static <T> Function1<T, Object> cast(java.util.function.Predicate<T> test) {
        return (Function1<T, Object> & Serializable) v -> test.test(v);
    }
}
