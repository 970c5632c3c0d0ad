package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Adam;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Loss;
import org.backprop4j.model.Sgd;
import org.junit.jupiter.api.Test;

/**
 * Sizes whose product does not fit in an int: a clear IllegalArgumentException naming the layer
 * and the sizes, before anything of that size is allocated; never a NegativeArraySizeException, an
 * OutOfMemoryError, or an int product wrapped into an array too short.
 */
class OversizedArraysTest {
    private static final String LIMIT = " exceed the 2,147,483,639 a Java array can hold";

    @Test
    void aDenseLayerWhoseWeightsDoNotFitInOneArrayIsRejected() {
        assertThatThrownBy(() -> Sequential.of(new Dense(65536, 65536))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Dense(65536 → 65536): 65,536 × 65,536 = 4,294,967,296 weights" + LIMIT);
        assertThatThrownBy(() -> Sequential.of(new Dense(46341, 46341))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Dense(46341 → 46341): 46,341 × 46,341 = 2,147,488,281 weights" + LIMIT);
        assertThatThrownBy(() -> new Dense(1, 2_000_000_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Dense(1 → 2000000000): 4,000,000,000 weights and biases" + LIMIT);
    }

    @Test
    void layersThatFitAloneButNotTogetherAreRejected() {
        assertThatThrownBy(() -> Sequential.of(new Dense(1, 1_000_000_000), new Dense(1_000_000_000, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a network of 2 Dense layers: 3,000,000,001 parameters in all" + LIMIT);
    }

    @Test
    void aWorkspaceOfTooManyRowsForItsWidestLayerIsRejected() {
        var model = Sequential.of(new Dense(1, 65536), Activations.relu(), new Dense(65536, 2), Activations.softmax());

        assertThatThrownBy(() -> model.network().newWorkspace(65536)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a workspace of 65536 rows at layer 1 Dense(1, 65536)+RELU: 65,536 × 65,536"
                        + " = 4,294,967,296 values" + LIMIT);

        model.compile(Loss.categoricalCrossEntropy(), new Sgd(0.1f));
        float[] before = model.parameters();
        assertThatThrownBy(() -> model.fit(new float[65536], new int[65536], FitOptions.epochs(1).batchSize(65536)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a workspace of 32768 rows at layer 1 Dense(1, 65536)+RELU: 32,768 × 65,536"
                        + " = 2,147,483,648 values" + LIMIT);
        assertThat(model.parameters()).isEqualTo(before);
    }

    @Test
    void aPredictionTooLargeForOneArrayIsRejectedBeforeAnyWork() {
        var wide = Sequential.of(new Dense(1, 65536));

        assertThatThrownBy(() -> wide.predict(new float[65536])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predict: rows × outputs: 65,536 × 65,536 = 4,294,967,296 values" + LIMIT);
    }

    @Test
    void predictOnANetworkTooWideForFullInferenceBatchesPassesFewerRowsAtATime() {
        // 256 rows of this network's workspace are 1.5 billion floats: out of memory in the tests' 2 GB heap
        var wide = Sequential.of(new Dense(1, 2_000_000));
        assertThat(wide.network().workspaceValuesPerRow()).isEqualTo(6_000_000);
        assertThat(Sequential.inferenceRows(wide.network())).isEqualTo(2);

        float[] y = wide.predict(new float[] {0.5f, -1f, 2f});

        assertThat(Arrays.copyOfRange(y, 4_000_000, 6_000_000)).isEqualTo(wide.predict(new float[] {2f}));
        assertThat(Sequential.inferenceRows(Sequential.of(new Dense(784, 256), new Dense(256, 10)).network()))
                .isEqualTo(256);
    }

    @Test
    void labelsTurnedIntoTargetsTooLargeForOneArrayAreRejected() {
        var wide = Sequential.of(new Dense(1, 65536)).compile(Loss.mse(), new Sgd(0.1f));

        assertThatThrownBy(() -> wide.fit(new float[65536], new int[65536], FitOptions.epochs(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("training data: rows × outputs: 65,536 × 65,536 = 4,294,967,296 targets" + LIMIT);
    }

    @Test
    void optimizerStateTooLargeForOneArrayIsRejected() {
        assertThatThrownBy(() -> new Adam().restore(new float[2], 0, 1_200_000_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the optimizer state: 2 × 1,200,000,000 = 2,400,000,000 values" + LIMIT);
    }
}
