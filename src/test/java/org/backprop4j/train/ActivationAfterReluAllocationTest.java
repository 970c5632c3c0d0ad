package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Adam;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Dropout;
import org.backprop4j.model.Loss;
import org.junit.jupiter.api.Test;

/**
 * Runs in a JVM of its own (the pom's {@code fresh-jvm} execution): a ReLU model trains first, as
 * in a process that trains one model after another, then the every-activation model of
 * {@link ActivationAllocationTest} must still allocate nothing per step. With the GEMM's 8-lane
 * transposes beside 16-lane kernels it allocated about 1 MB per 100-step fit here, in every JVM
 * (JDK 25, Zen 5); JFR put it in the leaky ReLU layer's backward and the Cᵀ merge.
 *
 * <p>JDK 17 failed it in some JVMs (2,765,304 B per fit; 5 of 8 at b7bb834, 2 of 8 at 64a00ec):
 * its compilation of {@code BiasActivation.tanh} lost the vector's exact class before the final
 * {@code intoArray} ("failed to inline (intrinsic)" in PrintInlining, and the float[] of the vector
 * fallbacks under {@code VectorMath.tanh} in JFR). Since tanh calls exp without its range checks
 * (three compares and blends fewer) it passed in 40 of 40 JVMs; {@code scripts/test} runs this
 * execution on JDK 17 too.
 */
class ActivationAfterReluAllocationTest {

    @Test
    void everyActivationTrainsWithoutAllocatingAfterAReluModel() {
        trainAReluModel();
        assertThat(ActivationAllocationTest.everyActivationBytesPerFit())
                .as("bytes allocated by a 100-step fit of the every-activation model after a ReLU model")
                .isLessThan(2_000);
    }

    /** Trains a ReLU model (dense, ReLU, dropout, dense, softmax) until C2 has compiled its kernels. */
    static void trainAReluModel() {
        int rows = 64 * 200;
        float[] x = AllocationTest.gaussian(new Random(1), rows * 20);
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = x[i * 20] > 0 ? 1 : 0;
        }
        var relu = Sequential.of(new Dense(20, 32), Activations.relu(), new Dropout(0.1f), new Dense(32, 3),
                Activations.softmax());
        relu.compile(Loss.categoricalCrossEntropy(), new Adam());
        FitOptions options = FitOptions.epochs(1).batchSize(64).shardSize(32).shuffle(1)
                .listener(new TrainingListener() { });
        for (int fit = 0; fit < 60; fit++) { // until C2 has compiled its kernels, profiles and all
            relu.fit(x, y, options);
        }
    }
}
