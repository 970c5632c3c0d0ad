package org.backprop4j.bench;

import java.util.concurrent.TimeUnit;
import org.backprop4j.train.FitOptions;
import org.backprop4j.train.Sequential;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * INFER: MLP-784 forward (softmax included) after a short training run.
 * <ul>
 *   <li>{@code batch1}: latency of one sample, µs/op (average; see also {@code -bm sample}).</li>
 *   <li>{@code batch1024}: throughput, reported as samples/µs (× 10^6 for samples/s).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class InferBench {
    private Sequential model;
    private float[] one;
    private float[] batch;

    @Setup
    public void setUp() {
        model = Models.mlp784();
        float[] x = Models.uniform01(1024, 784, 1);
        model.fit(x, Models.teacherLabels(x, 1024, 784, 10, 2), FitOptions.epochs(1).batchSize(128).shuffle(1));
        one = Models.uniform01(1, 784, 5);
        batch = Models.uniform01(1024, 784, 6);
    }

    @Benchmark
    public float[] batch1() {
        return model.predict(one);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(1024)
    public float[] batch1024() {
        return model.predict(batch);
    }
}
