package org.backprop4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.backprop4j.kernel.ParameterUpdates;
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
 * One optimiser step over MLP-784's 235,146 parameters on one thread, as a training step runs it
 * (Adam: 11–13% of that step in JDK 25's JFR profiles, 23% in JDK 17's, Zen 5): weights,
 * gradients and state of 0.94 MB each, past L2.
 * A quarter of the gradients are exactly 0 (border pixels, dead units), so the moments that decay
 * towards the subnormal range, and their flush, are part of the work. µs per step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class OptimizerBench {
    private static final int PARAMETERS = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10;

    @Param({"adam", "rmsprop", "sgd-momentum"})
    public String optimizer;

    private final float[] w = new float[PARAMETERS];
    private final float[] g = new float[PARAMETERS];
    private final float[] s1 = new float[PARAMETERS];
    private final float[] s2 = new float[PARAMETERS];
    private int step;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < PARAMETERS; i++) {
            w[i] = (float) (r.nextGaussian() * 0.05);
            g[i] = i % 4 == 0 ? 0f : (float) (r.nextGaussian() * 1e-3);
        }
    }

    @Benchmark
    public float update() {
        step++;
        switch (optimizer) {
            case "adam" -> {
                // bias corrections of a step far enough in that they are ~1, as in a long run
                ParameterUpdates.adam(w, g, s1, s2, 0, PARAMETERS, 1e-3f, 0.9f, 0.999f, 1e-7f, 0.999f, 0.9f, 0f);
            }
            case "rmsprop" -> ParameterUpdates.rmsProp(w, g, s1, 0, PARAMETERS, 1e-3f, 0.9f, 1e-7f);
            default -> ParameterUpdates.sgd(w, g, s1, 0, PARAMETERS, 1e-3f, 0.9f, false);
        }
        return w[step % PARAMETERS];
    }
}
