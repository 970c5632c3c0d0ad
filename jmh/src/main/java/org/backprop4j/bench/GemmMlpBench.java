package org.backprop4j.bench;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.backprop4j.kernel.Epilogue;
import org.backprop4j.kernel.Gemm;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GEMM-MLP: the three products of backprop through a 784→256 layer at batch 128.
 * <ul>
 *   <li>{@code forwardNN}: Y = X[128×784]·W[784×256]</li>
 *   <li>{@code weightGradTN}: dW = Xᵀ·dZ → 784×256</li>
 *   <li>{@code inputGradNT}: dX = dZ·Wᵀ → 128×784</li>
 * </ul>
 * Read the {@code flop} rows: GFLOP/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmMlpBench {
    private static final int BATCH = 128;
    private static final int IN = 784;
    private static final int OUT = 256;
    private static final long FLOP = 2L * BATCH * IN * OUT;

    @Param({"1", "2"})
    public int threads;

    private final float[] x = Matrices.uniform(BATCH * IN, 1);
    private final float[] w = Matrices.uniform(IN * OUT, 2);
    private final float[] dz = Matrices.uniform(BATCH * OUT, 3);
    private final float[] y = new float[BATCH * OUT];
    private final float[] dw = new float[IN * OUT];
    private final float[] dx = new float[BATCH * IN];
    private ForkJoinPool pool;

    @Setup
    public void setUp() {
        pool = Matrices.pool(threads);
    }

    @TearDown
    public void tearDown() {
        Matrices.close(pool);
    }

    @Benchmark
    public float[] forwardNN(Flops flops) {
        Gemm.sgemm(false, false, BATCH, OUT, IN, 1f, x, 0, IN, w, 0, OUT, 0f, y, 0, OUT,
                Epilogue.NONE, pool);
        flops.flop += FLOP;
        return y;
    }

    @Benchmark
    public float[] weightGradTN(Flops flops) {
        Gemm.sgemm(true, false, IN, OUT, BATCH, 1f, x, 0, IN, dz, 0, OUT, 0f, dw, 0, OUT,
                Epilogue.NONE, pool);
        flops.flop += FLOP;
        return dw;
    }

    @Benchmark
    public float[] inputGradNT(Flops flops) {
        Gemm.sgemm(false, true, BATCH, IN, OUT, 1f, dz, 0, OUT, w, 0, OUT, 0f, dx, 0, IN,
                Epilogue.NONE, pool);
        flops.flop += FLOP;
        return dx;
    }
}
