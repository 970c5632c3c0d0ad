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
 * GEMM-MLP: the three products of backprop through one layer at batch 128, for MLP-784's first
 * layer ({@code layer=784x256}) and MLP-WIDE's hidden layers ({@code 1024x1024}).
 * <ul>
 *   <li>{@code forwardNN}: Y = X[128×in]·W[in×out]</li>
 *   <li>{@code weightGradTN}: dW = Xᵀ·dZ → in×out</li>
 *   <li>{@code inputGradNT}: dX = dZ·Wᵀ → 128×in</li>
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

    @Param({"1", "2"})
    public int threads;

    /** in×out of the layer. */
    @Param({"784x256", "1024x1024"})
    public String layer;

    private int in;
    private int out;
    private long flop;
    private float[] x;
    private float[] w;
    private float[] dz;
    private float[] y;
    private float[] dw;
    private float[] dx;
    private ForkJoinPool pool;

    @Setup
    public void setUp() {
        String[] sizes = layer.split("x");
        in = Integer.parseInt(sizes[0]);
        out = Integer.parseInt(sizes[1]);
        flop = 2L * BATCH * in * out;
        x = Matrices.uniform(BATCH * in, 1);
        w = Matrices.uniform(in * out, 2);
        dz = Matrices.uniform(BATCH * out, 3);
        y = new float[BATCH * out];
        dw = new float[in * out];
        dx = new float[BATCH * in];
        pool = Matrices.pool(threads);
    }

    @TearDown
    public void tearDown() {
        Matrices.close(pool);
    }

    @Benchmark
    public float[] forwardNN(Flops flops) {
        Gemm.sgemm(false, false, BATCH, out, in, 1f, x, 0, in, w, 0, out, 0f, y, 0, out,
                Epilogue.NONE, pool);
        flops.flop += flop;
        return y;
    }

    @Benchmark
    public float[] weightGradTN(Flops flops) {
        Gemm.sgemm(true, false, in, out, BATCH, 1f, x, 0, in, dz, 0, out, 0f, dw, 0, out,
                Epilogue.NONE, pool);
        flops.flop += flop;
        return dw;
    }

    @Benchmark
    public float[] inputGradNT(Flops flops) {
        Gemm.sgemm(false, true, BATCH, in, out, 1f, dz, 0, out, w, 0, out, 0f, dx, 0, in,
                Epilogue.NONE, pool);
        flops.flop += flop;
        return dx;
    }
}
