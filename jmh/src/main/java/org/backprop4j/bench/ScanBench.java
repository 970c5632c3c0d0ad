package org.backprop4j.bench;

import java.util.concurrent.TimeUnit;
import org.backprop4j.kernel.Finite;
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
 * fit's finiteness scan of its inputs ({@link Finite#firstNonFinite}) on one thread, in the two
 * regimes it meets: {@code firstCall} is the scan's first call in a fresh JVM (single shot, one
 * per fork), as a program that calls fit once pays it; {@code warm} is a scan once the JIT has
 * compiled it, as fit called epoch by epoch pays it from the third call or so. Sizes: MLP-784's
 * inputs (8,192 × 784 floats, 25.7 MB) and Fashion-MNIST's training images (60,000 × 784, 188 MB).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScanBench {
    @Param({"6422528", "47040000"})
    public int floats;

    private float[] x;

    @Setup
    public void setUp() {
        x = Models.uniform01(1, floats, 1);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(value = 10, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx1g"})
    public int firstCall() {
        return Finite.firstNonFinite(x, 0, x.length);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx1g"})
    public int warm() {
        return Finite.firstNonFinite(x, 0, x.length);
    }
}
