package org.backprop4j.bench;

import java.util.concurrent.TimeUnit;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Spirals;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Adam;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Initializer;
import org.backprop4j.model.Loss;
import org.backprop4j.train.FitOptions;
import org.backprop4j.train.Sequential;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SPIRAL: the nnfs book's model on its own data and initial weights (numpy's stream, seed 0),
 * 10,001 full-batch epochs, in a fresh JVM each time: one cold run per fork, JIT warm-up
 * included, as the numpy reference is timed (seconds). Returns the last epoch's accuracy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 10, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SpiralBench {

    @Benchmark
    public double spiral10001Epochs() {
        Spirals.NnfsDraw book = Spirals.nnfs(100, 2, 0, 2, 64, 1);
        Dataset data = book.train();
        Sequential model = Sequential.of(new Dense(2, 64).weightL2(5e-4f).biasL2(5e-4f)
                        .initializer(Initializer.values(book.weights().get(0))), Activations.relu(),
                new Dense(64, 1).initializer(Initializer.values(book.weights().get(1))), Activations.sigmoid());
        model.compile(Loss.binaryCrossEntropy(), new Adam(1e-3f).decay(5e-7f).epsilon(1e-7f));
        return model.fit(data.featureData(), data.labels(), FitOptions.epochs(10_001).batchSize(200).noShuffle(0))
                .lastAccuracy();
    }
}
