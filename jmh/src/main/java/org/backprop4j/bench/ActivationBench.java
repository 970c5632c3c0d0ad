package org.backprop4j.bench;

import java.util.concurrent.TimeUnit;
import org.backprop4j.kernel.Activation;
import org.backprop4j.kernel.BiasActivation;
import org.backprop4j.kernel.Epilogue;
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
 * The element-wise activation kernels on one layer's block, 128 rows × 256 columns (MLP-784's
 * first hidden layer): {@code forward} is bias + activation in place, as a layer without a fused
 * GEMM runs it; {@code forwardTiles} runs it tile by tile (6×32 within rows of 256), as the GEMM
 * epilogue does; {@code backward} is dZ = dA ⊙ f'(y) with the bias gradient. Scores are
 * elements per nanosecond (× 1e9 = elements per second). Each activation is measured in its own
 * fork, but the forks run every activation once first, as training with several kinds does, so
 * a kernel that only stays fast while it is the one activation ever called shows here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ActivationBench {
    private static final int ROWS = 128;
    private static final int COLS = 256;
    private static final int ELEMENTS = ROWS * COLS;
    private static final int TILED_ROWS = ROWS / 6 * 6;

    @Param({"RELU", "LEAKY_RELU", "SIGMOID", "TANH", "IDENTITY"})
    public Activation activation;

    private final float[] x = Matrices.uniform(ELEMENTS, 1);
    private final float[] bias = new float[COLS];
    private final float[] y = Matrices.uniform(ELEMENTS, 2);
    private final float[] dA = Matrices.uniform(ELEMENTS, 3);
    private final float[] dZ = new float[ELEMENTS];
    private final float[] biasGrad = new float[COLS];
    private Epilogue epilogue;

    @Setup
    public void setUp() {
        // every kind runs first, as in a process that trains several models
        for (Activation a : Activation.values()) {
            Epilogue e = Epilogue.of(bias, 0, a, 0.01f);
            for (int i = 0; i < 20_000; i++) {
                BiasActivation.apply(x, 0, COLS, ROWS, COLS, e);
                BiasActivation.apply(x, 7 * COLS, COLS, 6, 32, e);
                a.backward(y, dA, dZ, ROWS, COLS, 0.01f, biasGrad, 0);
            }
        }
        epilogue = Epilogue.of(bias, 0, activation, 0.01f); // bias 0: repeated calls stay bounded
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public float[] forward() {
        BiasActivation.apply(x, 0, COLS, ROWS, COLS, epilogue);
        return x;
    }

    @Benchmark
    @OperationsPerInvocation(TILED_ROWS * COLS)
    public float[] forwardTiles() {
        for (int r = 0; r < TILED_ROWS; r += 6) {
            for (int c = 0; c < COLS; c += 32) {
                BiasActivation.apply(x, r * COLS + c, COLS, 6, 32, epilogue);
            }
        }
        return x;
    }

    @Benchmark
    @OperationsPerInvocation(ELEMENTS)
    public float[] backward() {
        activation.backward(y, dA, dZ, ROWS, COLS, 0.01f, biasGrad, 0);
        return dZ;
    }
}
