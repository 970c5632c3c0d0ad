package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.backprop4j.model.Activations;
import org.backprop4j.model.Adam;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Loss;
import org.backprop4j.model.Sgd;
import org.junit.jupiter.api.Test;

/** Each bad input is a clear exception naming what is wrong, and leaves the weights as they were. */
class BadInputTest {
    private final Sequential model = Sequential.of(new Dense(3, 4), Activations.relu(), new Dense(4, 2),
            Activations.softmax());
    private final float[] x = {1, 2, 3, 4, 5, 6};
    private final int[] y = {0, 1};

    private void compiled() {
        model.compile(Loss.categoricalCrossEntropy(), new Adam());
    }

    @Test
    void mismatchedLayerShapesNameBothLayers() {
        assertThatThrownBy(() -> Sequential.of(new Dense(2, 64), Activations.relu(), new Dense(32, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape mismatch: layer 3 Dense(32, 1) expects 32 inputs but layer 1 Dense(2, 64) outputs 64");
    }

    @Test
    void fitBeforeCompile() {
        float[] before = model.parameters();
        assertThatThrownBy(() -> model.fit(x, y, FitOptions.epochs(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("fit called before compile(loss, optimizer)");
        assertThat(model.parameters()).isEqualTo(before);
    }

    @Test
    void rowCountsDiffer() {
        compiled();
        float[] before = model.parameters();
        assertThatThrownBy(() -> model.fit(x, new int[] {0, 1, 1}, FitOptions.epochs(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("training data: x has 2 rows but y has 3 labels");
        assertThatThrownBy(() -> model.fit(new float[] {1, 2, 3, 4}, y, FitOptions.epochs(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("training data: x has 4 values, not a positive multiple of the model's 3 inputs");
        assertThatThrownBy(() -> model.fit(x, new float[] {1, 0, 0}, FitOptions.epochs(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("training data: x has 2 rows, so y needs 2×2 = 4 targets, has 3");
        assertThat(model.parameters()).isEqualTo(before);
    }

    @Test
    void labelOutsideTheClasses() {
        compiled();
        float[] before = model.parameters();
        assertThatThrownBy(() -> model.fit(x, new int[] {0, 2}, FitOptions.epochs(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("training data: label 2 at row 1 is outside [0, 2)");
        assertThatThrownBy(() -> model.fit(x, new int[] {-1, 0}, FitOptions.epochs(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("training data: label -1 at row 0 is outside [0, 2)");
        assertThat(model.parameters()).isEqualTo(before);
    }

    @Test
    void nonFiniteInputs() {
        compiled();
        float[] before = model.parameters();
        float[] bad = x.clone();
        bad[4] = Float.NaN;
        assertThatThrownBy(() -> model.fit(bad, y, FitOptions.epochs(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("training data x contains NaN at row 1, column 1");
        bad[4] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> model.predict(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predict x contains Infinity at row 1, column 1");
        assertThatThrownBy(() -> model.fit(x, y, FitOptions.epochs(1).validation(bad, y)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validation data x contains Infinity at row 1, column 1");
        assertThat(model.parameters()).isEqualTo(before);
    }

    @Test
    void batchSizeAndEpochsMustBePositive() {
        assertThatThrownBy(() -> FitOptions.epochs(1).batchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("batch size must be > 0, got 0");
        assertThatThrownBy(() -> FitOptions.epochs(1).batchSize(-5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("batch size must be > 0, got -5");
        assertThatThrownBy(() -> FitOptions.epochs(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("epochs must be > 0, got 0");
    }

    @Test
    void lossTurningNanStopsFitNamingEpochAndBatch() {
        // a learning rate of 1e30 blows the weights up to Inf within a step or two
        var m = Sequential.of(new Dense(3, 4), Activations.relu(), new Dense(4, 1));
        m.compile(Loss.mse(), new Sgd(1e30f));
        float[] targets = {1e10f, -1e10f};
        assertThatThrownBy(() -> m.fit(x, targets, FitOptions.epochs(5).batchSize(1).noShuffle(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageMatching("loss became (NaN|Infinity) at epoch \\d, batch \\d \\(0-based\\);.*");
    }

    @Test
    void settingBadParametersIsRejectedUntouched() {
        float[] before = model.parameters();
        float[] bad = before.clone();
        bad[3] = Float.NaN;
        assertThatThrownBy(() -> model.setParameters(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameters contain a non-finite value NaN at index 3");
        assertThatThrownBy(() -> model.setParameters(new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameters: expected " + before.length + " values, got 3");
        assertThat(model.parameters()).isEqualTo(before);
    }

    @Test
    void aDenseBelongsToOneModel() {
        Dense shared = new Dense(2, 2);
        Sequential.of(shared);
        assertThatThrownBy(() -> Sequential.of(shared))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("layer 1 Dense(2, 2) already belongs to a network; create a new Dense");
    }
}
