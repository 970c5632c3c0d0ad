package org.backprop4j.bench;

import java.util.concurrent.TimeUnit;
import org.backprop4j.train.FitOptions;
import org.backprop4j.train.History;
import org.backprop4j.train.Sequential;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training throughput in samples/s (the score; ops = samples): one epoch of {@code fit} per call.
 * <ul>
 *   <li>{@code mlp784}: MLP-784 (784-256-128-10, ReLU, softmax-CCE, Adam), batch 128, 8,192
 *       pixel-like samples per epoch, shuffled.</li>
 *   <li>{@code wide}: MLP-WIDE (1024-1024-1024-10), batch 256, 4,096 N(0,1) samples labelled by a
 *       random linear teacher.</li>
 * </ul>
 * Allocation per step: run with {@code -prof gc} and divide B/op by the samples per op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class TrainBench {
    private static final int MLP_ROWS = 8192;
    private static final int WIDE_ROWS = 4096;

    @Param({"1", "2"})
    public int threads;

    /** Rows per shard; 0: the automatic size. */
    @Param({"0"})
    public int shard;

    private Sequential mlp;
    private float[] mlpX;
    private int[] mlpY;
    private Sequential wide;
    private float[] wideX;
    private int[] wideY;
    private int epoch;

    @Setup
    public void setUp() {
        mlp = Models.mlp784();
        mlpX = Models.uniform01(MLP_ROWS, 784, 1);
        mlpY = Models.teacherLabels(mlpX, MLP_ROWS, 784, 10, 2);
        wide = Models.wide();
        wideX = Models.gaussian(WIDE_ROWS, 1024, 3);
        wideY = Models.teacherLabels(wideX, WIDE_ROWS, 1024, 10, 4);
    }

    @Benchmark
    @OperationsPerInvocation(MLP_ROWS)
    public History mlp784() {
        return mlp.fit(mlpX, mlpY, FitOptions.epochs(1).batchSize(128).shuffle(epoch++).threads(threads)
                .shardSize(shard));
    }

    @Benchmark
    @OperationsPerInvocation(WIDE_ROWS)
    public History wide() {
        return wide.fit(wideX, wideY, FitOptions.epochs(1).batchSize(256).shuffle(epoch++).threads(threads)
                .shardSize(shard));
    }
}
