package org.backprop4j.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PEAK: this CPU's float32 FMA throughput through the Vector API, so that GEMM figures can be
 * quoted as a fraction of peak measured in the same run. Twelve independent accumulator chains
 * cover the FMA latency × pipes of current x86 cores (Zen 2: 5 cycles × 2 pipes).
 *
 * <p>Score unit: ops/ns where one op is one FLOP, i.e. GFLOP/s: {@code peak} on one thread,
 * {@code peak2} on two (the sum over both threads).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PeakBench {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;
    /** FLOPs per call, whatever the vector length: ITERS · CHAINS · 2 · lanes. */
    private static final int FLOP = (1 << 20) * CHAINS * 2;
    private static final int ITERS = (1 << 20) / S.length();

    public float seed = 1.0001f;

    @Benchmark
    @OperationsPerInvocation(FLOP)
    public float peak() {
        return fmaLoop(seed);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(FLOP)
    public float peak2() {
        return fmaLoop(seed);
    }

    /**
     * The same FLOPs over 24 chains instead of 12: if this reads higher than {@link #peak}, twelve
     * chains do not cover latency × ports on this CPU (two 512-bit ports × 4 cycles need 8, so
     * twelve should, unless the JIT serialises them) and GEMM figures should be quoted against it.
     */
    @Benchmark
    @OperationsPerInvocation(FLOP)
    public float peak24() {
        FloatVector a = FloatVector.broadcast(S, 0.999999f);
        FloatVector b = FloatVector.broadcast(S, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(S, seed), c1 = c0.add(1f), c2 = c0.add(2f), c3 = c0.add(3f);
        FloatVector c4 = c0.add(4f), c5 = c0.add(5f), c6 = c0.add(6f), c7 = c0.add(7f);
        FloatVector c8 = c0.add(8f), c9 = c0.add(9f), c10 = c0.add(10f), c11 = c0.add(11f);
        FloatVector d0 = c0.add(12f), d1 = c0.add(13f), d2 = c0.add(14f), d3 = c0.add(15f);
        FloatVector d4 = c0.add(16f), d5 = c0.add(17f), d6 = c0.add(18f), d7 = c0.add(19f);
        FloatVector d8 = c0.add(20f), d9 = c0.add(21f), d10 = c0.add(22f), d11 = c0.add(23f);
        for (int i = 0; i < ITERS / 2; i++) {
            c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
            c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
            c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
            d0 = d0.fma(a, b); d1 = d1.fma(a, b); d2 = d2.fma(a, b); d3 = d3.fma(a, b);
            d4 = d4.fma(a, b); d5 = d5.fma(a, b); d6 = d6.fma(a, b); d7 = d7.fma(a, b);
            d8 = d8.fma(a, b); d9 = d9.fma(a, b); d10 = d10.fma(a, b); d11 = d11.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .add(d0).add(d1).add(d2).add(d3).add(d4).add(d5).add(d6).add(d7).add(d8).add(d9).add(d10).add(d11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    private static float fmaLoop(float seed) {
        FloatVector a = FloatVector.broadcast(S, 0.999999f);
        FloatVector b = FloatVector.broadcast(S, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(S, seed), c1 = c0.add(1f), c2 = c0.add(2f);
        FloatVector c3 = c0.add(3f), c4 = c0.add(4f), c5 = c0.add(5f), c6 = c0.add(6f);
        FloatVector c7 = c0.add(7f), c8 = c0.add(8f), c9 = c0.add(9f), c10 = c0.add(10f);
        FloatVector c11 = c0.add(11f);
        for (int i = 0; i < ITERS; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9)
                .add(c10).add(c11).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
