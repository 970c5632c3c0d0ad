package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Adam;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Loss;
import org.junit.jupiter.api.Test;

/**
 * Runs in a JVM of its own (the pom's {@code fresh-jvm} execution, one JVM per class): every
 * activation's steps allocate nothing in a fresh JVM. {@link ActivationAfterReluAllocationTest}
 * checks the same after a ReLU model has trained in the JVM. Both failed before the GEMM's
 * transposes moved to the preferred species and the sigmoid and tanh loops became compilations
 * of their own (see {@code GemmDriver.VECTOR_TRANSPOSES} and {@code BiasActivation}): this one in
 * about 1 fresh JVM in 10, 1-2.5 MB per fit, the other every time, 1 MB per fit (JDK 25, Zen 5).
 */
class ActivationAllocationTest {

    /**
     * Every activation in one process, fused into the GEMM epilogue and unfused (an activation
     * after an activation), with a fused sigmoid + BCE output: the vector code of each kind stays
     * in registers with every kind compiled in one JVM. (A sigmoid forward boxed its vectors, 12
     * bytes per element, once the other activations had run.)
     */
    @Test
    void everyActivationTrainsWithoutAllocating() {
        assertThat(everyActivationBytesPerFit()).as("bytes allocated by a 100-step fit in steady state")
                .isLessThan(2_000);
    }

    /** The fewest bytes a 100-step fit of the every-activation model allocates, over fits until below 2 KB. */
    static long everyActivationBytesPerFit() {
        int rows = 64 * 100;
        float[] x = AllocationTest.gaussian(new Random(2), rows * 20);
        float[] t = new float[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = x[i * 20] + x[i * 20 + 1] > 0 ? 1f : 0f;
        }
        var model = Sequential.of(new Dense(20, 40), Activations.tanh(), new Dense(40, 40), Activations.sigmoid(),
                new Dense(40, 40), Activations.leakyRelu(), Activations.tanh(), new Dense(40, 40), Activations.linear(),
                Activations.sigmoid(), new Dense(40, 1), Activations.sigmoid());
        model.compile(Loss.binaryCrossEntropy(), new Adam());
        FitOptions options = FitOptions.epochs(1).batchSize(64).shuffle(1).listener(new TrainingListener() { });
        return AllocationTest.steadyStateBytesPerFit(() -> model.fit(x, t, options), AllocationTest::allocatedBytes);
    }
}
