package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Dense;
import org.junit.jupiter.api.Test;

/**
 * A sample's prediction does not depend on the batch it came in: the GEMM's few-row path
 * performs the same operations per element as its packed path, and every other op is row-wise.
 */
class BatchInvarianceTest {

    @Test
    void predictingOneRowGivesTheBitsOfThatRowInABatch() {
        var model = Sequential.of(new Dense(37, 70), Activations.tanh(), new Dense(70, 33), Activations.relu(),
                new Dense(33, 17), Activations.sigmoid(), new Dense(17, 5), Activations.softmax());
        Random r = new Random(3);
        int rows = 50;
        float[] x = new float[rows * 37];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] batch = model.predict(x);
        for (int i = 0; i < rows; i++) {
            float[] one = model.predict(Arrays.copyOfRange(x, i * 37, (i + 1) * 37));
            float[] inBatch = Arrays.copyOfRange(batch, i * 5, (i + 1) * 5);
            assertThat(one).as("row %d", i).containsExactly(inBatch);
        }
    }
}
