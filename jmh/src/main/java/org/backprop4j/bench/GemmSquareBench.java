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

/** GEMM-SQ: C = A·B for square n×n float32 matrices. Read the {@code flop} row: GFLOP/s. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmSquareBench {
    @Param({"64", "128", "256", "512", "1024", "2048"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    private float[] a;
    private float[] b;
    private float[] c;
    private ForkJoinPool pool;

    @Setup
    public void setUp() {
        a = Matrices.uniform(n * n, 1);
        b = Matrices.uniform(n * n, 2);
        c = new float[n * n];
        pool = Matrices.pool(threads);
    }

    @TearDown
    public void tearDown() {
        Matrices.close(pool);
    }

    @Benchmark
    public float[] sgemm(Flops flops) {
        Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n, Epilogue.NONE, pool);
        flops.flop += 2L * n * n * n;
        return c;
    }
}
