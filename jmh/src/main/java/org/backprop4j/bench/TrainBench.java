package org.backprop4j.bench;

import java.util.concurrent.TimeUnit;
import org.backprop4j.train.FitOptions;
import org.backprop4j.train.History;
import org.backprop4j.train.Sequential;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Training throughput in samples/s (the score; ops = samples): {@value #EPOCHS} epochs of
 * {@code fit} per call, in one of two regimes, which on Intel cores can differ by 3× when
 * subnormal numbers appear (BENCHMARKS.md):
 * <ul>
 *   <li>{@code regime=fresh}: every call trains a new model (made outside the timing) for its
 *       first {@value #EPOCHS} epochs, as a user's short run does.</li>
 *   <li>{@code regime=long}: one model, first trained for {@value #LONG_START} epochs in set-up,
 *       then for {@value #EPOCHS} more per call: epochs 20 and later, where Adam's moments of
 *       parameters whose gradient has become zero would have decayed into the subnormal range
 *       (they are flushed to zero, so the two regimes should run alike).</li>
 * </ul>
 * Workloads:
 * <ul>
 *   <li>{@code mlp784}: MLP-784 (784-256-128-10, ReLU, softmax-CCE, Adam), batch 128, 8,192
 *       pixel-like samples per epoch, shuffled.</li>
 *   <li>{@code wide}: MLP-WIDE (1024-1024-1024-10), batch 256, 4,096 N(0,1) samples labelled by a
 *       random linear teacher.</li>
 * </ul>
 * Allocation: run with {@code -prof gc} in the long regime; an op is a sample, so B/op times the
 * batch size is bytes per step, plus each call's own (its FitOptions, the History). In the fresh
 * regime B/op also counts the new model.
 * The fresh-JVM twin, one epoch at a time beside PyTorch, is {@link FreshRun}.
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

    static final int EPOCHS = 5;
    static final int LONG_START = 20;

    @Param({"1", "2"})
    public int threads;

    @Param({"fresh", "long"})
    public String regime;

    /** Rows per shard; 0: the automatic size. */
    @Param({"0"})
    public int shard;

    private Sequential mlp;
    private float[] mlpX;
    private int[] mlpY;
    private Sequential wide;
    private float[] wideX;
    private int[] wideY;

    @Setup
    public void setUp() {
        mlpX = Models.uniform01(MLP_ROWS, 784, 1);
        mlpY = Models.teacherLabels(mlpX, MLP_ROWS, 784, 10, 2);
        wideX = Models.gaussian(WIDE_ROWS, 1024, 3);
        wideY = Models.teacherLabels(wideX, WIDE_ROWS, 1024, 10, 4);
        if (regime.equals("long")) {
            mlp = Models.mlp784();
            wide = Models.wide();
            mlp.fit(mlpX, mlpY, options(LONG_START, 128));
            wide.fit(wideX, wideY, options(LONG_START, 256));
        }
    }

    /**
     * A new model for every call in the fresh regime (outside the timing), only the one this
     * benchmark trains. JMH's -prof gc counts it: in this regime B/op includes the model.
     */
    @Setup(Level.Invocation)
    public void freshModel(BenchmarkParams params) {
        if (regime.equals("fresh")) {
            if (params.getBenchmark().endsWith("wide")) {
                wide = Models.wide();
            } else {
                mlp = Models.mlp784();
            }
        }
    }

    private FitOptions options(int epochs, int batch) {
        return FitOptions.epochs(epochs).batchSize(batch).shuffle(1).threads(threads).shardSize(shard);
    }

    @Benchmark
    @OperationsPerInvocation(MLP_ROWS * EPOCHS)
    public History mlp784() {
        return mlp.fit(mlpX, mlpY, options(EPOCHS, 128));
    }

    @Benchmark
    @OperationsPerInvocation(WIDE_ROWS * EPOCHS)
    public History wide() {
        return wide.fit(wideX, wideY, options(EPOCHS, 256));
    }
}
