package org.backprop4j.spark;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The training Params of {@link NetworkClassifier} and {@link NetworkRegressor}, with MLlib's
 * getter and setter conventions. Spark finds a Params' params by reflection on its public
 * methods that return a Param, default methods included.
 *
 * @param <T> the estimator, which the setters return
 */
public interface NetworkTrainingParams<T extends NetworkTrainingParams<T>> extends Params {
    /** The Param objects of this instance. */
    TrainingParamSet trainingParams();

    @SuppressWarnings("unchecked")
    private T setValue(Param<?> p, Object value) {
        set(p.name(), value);
        return (T) this;
    }

    default IntArrayParam layers() {
        return trainingParams().layers;
    }

    default int[] getLayers() {
        return getOrDefault(layers());
    }

    /** Layer sizes from the input to the output, e.g. {@code 784, 256, 128, 10}. Required. */
    default T setLayers(int... sizes) {
        return setValue(layers(), sizes);
    }

    default Param<String> activation() {
        return trainingParams().activation;
    }

    default String getActivation() {
        return getOrDefault(activation());
    }

    /** The hidden layers' activation (default relu). */
    default T setActivation(String name) {
        return setValue(activation(), name);
    }

    default DoubleParam dropout() {
        return trainingParams().dropout;
    }

    default double getDropout() {
        return (Double) getOrDefault(dropout());
    }

    /** Dropout rate after each hidden activation (default 0). */
    default T setDropout(double rate) {
        return setValue(dropout(), rate);
    }

    default DoubleParam l2() {
        return trainingParams().l2;
    }

    default double getL2() {
        return (Double) getOrDefault(l2());
    }

    /** L2 penalty on every Dense layer's weights (default 0). */
    default T setL2(double penalty) {
        return setValue(l2(), penalty);
    }

    default Param<String> optimizer() {
        return trainingParams().optimizer;
    }

    default String getOptimizer() {
        return getOrDefault(optimizer());
    }

    /** The optimiser (default adam). */
    default T setOptimizer(String name) {
        return setValue(optimizer(), name);
    }

    default DoubleParam learningRate() {
        return trainingParams().learningRate;
    }

    default double getLearningRate() {
        return (Double) getOrDefault(learningRate());
    }

    /** The learning rate (default 1e-3). */
    default T setLearningRate(double rate) {
        return setValue(learningRate(), rate);
    }

    default IntParam epochs() {
        return trainingParams().epochs;
    }

    default int getEpochs() {
        return (Integer) getOrDefault(epochs());
    }

    /** Passes over the data (default 10). */
    default T setEpochs(int epochs) {
        return setValue(epochs(), epochs);
    }

    default IntParam batchSize() {
        return trainingParams().batchSize;
    }

    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    /** Rows per optimiser step over all blocks (default 128). */
    default T setBatchSize(int rows) {
        return setValue(batchSize(), rows);
    }

    default LongParam seed() {
        return trainingParams().seed;
    }

    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    /** Seed of the initial weights, shuffling and dropout (default 42). */
    default T setSeed(long seed) {
        return setValue(seed(), seed);
    }

    default IntParam threadsPerTask() {
        return trainingParams().threadsPerTask;
    }

    default int getThreadsPerTask() {
        return (Integer) getOrDefault(threadsPerTask());
    }

    /** Threads each task trains its block with (default 1); results do not depend on it. */
    default T setThreadsPerTask(int threads) {
        return setValue(threadsPerTask(), threads);
    }

    default IntParam shardSize() {
        return trainingParams().shardSize;
    }

    default int getShardSize() {
        return (Integer) getOrDefault(shardSize());
    }

    /** Rows per shard (default 0: automatic). */
    default T setShardSize(int rows) {
        return setValue(shardSize(), rows);
    }

    default IntParam numBlocks() {
        return trainingParams().numBlocks;
    }

    default int getNumBlocks() {
        return (Integer) getOrDefault(numBlocks());
    }

    /** Blocks the rows are cut into, one task each (default 0: the default parallelism / threadsPerTask). */
    default T setNumBlocks(int blocks) {
        return setValue(numBlocks(), blocks);
    }

    default Param<String> strategy() {
        return trainingParams().strategy;
    }

    default String getStrategy() {
        return getOrDefault(strategy());
    }

    /** {@code synchronous} (default) or {@code averaging}. */
    default T setStrategy(String strategy) {
        return setValue(strategy(), strategy);
    }

    default IntParam averagingSteps() {
        return trainingParams().averagingSteps;
    }

    default int getAveragingSteps() {
        return (Integer) getOrDefault(averagingSteps());
    }

    /** Local steps between averages, averaging strategy only (default 32). */
    default T setAveragingSteps(int steps) {
        return setValue(averagingSteps(), steps);
    }
}
