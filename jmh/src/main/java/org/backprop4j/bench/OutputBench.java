package org.backprop4j.bench;

import java.util.concurrent.TimeUnit;
import org.backprop4j.kernel.LossGradients;
import org.backprop4j.kernel.Softmax;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The classifier's output on one batch, µs per call: softmax in place over rows × classes
 * ({@code softmax}, which includes restoring the logits, an arraycopy of the block) and the
 * fused cross-entropy with its gradient ({@code crossEntropy}). MLP-784's 128 × 10 runs these on
 * one thread at every thread count, between the last layer's forward and its backward, so they
 * bound how far a step shortens with more cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class OutputBench {
    @Param({"128"})
    public int rows;

    @Param({"10", "100"})
    public int classes;

    private float[] logits;
    private float[] p;
    private float[] dZ;
    private int[] labels;

    @Setup
    public void setUp() {
        logits = Matrices.uniform(rows * classes, 1);
        for (int i = 0; i < logits.length; i++) {
            logits[i] *= 8f; // logits of a trained classifier spread over several units
        }
        p = logits.clone();
        Softmax.forward(p, 0, rows, classes);
        dZ = new float[rows * classes];
        labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = (r * 7) % classes;
        }
    }

    @Benchmark
    public float[] softmax() {
        System.arraycopy(logits, 0, dZ, 0, dZ.length);
        Softmax.forward(dZ, 0, rows, classes);
        return dZ;
    }

    @Benchmark
    public double crossEntropy() {
        return LossGradients.softmaxCrossEntropy(p, 0, labels, 0, dZ, 0, rows, classes, 1f / rows);
    }
}
