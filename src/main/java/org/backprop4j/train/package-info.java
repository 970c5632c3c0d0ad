/**
 * Training and inference on top of {@code model}: {@link org.backprop4j.train.Sequential}
 * (fit / predict / evaluate / trainOnBatch), {@link org.backprop4j.train.FitOptions},
 * per-epoch {@link org.backprop4j.train.History}, and {@link org.backprop4j.train.TrainingListener}
 * hooks. Batches are cut into fixed-size shards trained in parallel on a ForkJoinPool and
 * reduced in shard order, so the same seed gives the same bits on any number of threads.
 */
package org.backprop4j.train;
