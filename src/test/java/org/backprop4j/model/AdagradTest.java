package org.backprop4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import org.backprop4j.io.Checkpoint;
import org.backprop4j.io.ModelFile;
import org.backprop4j.train.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adagrad as nnfs: c ← c + g², w ← w − lr_t·g/(√c + ε), lr_t = lr/(1 + decay·t). */
class AdagradTest {
    @TempDir
    Path dir;

    @Test
    void twoStepsMatchTheFormulaWorkedByHand() {
        float[] w = {1f, -2f, 0.5f};
        float[] g = {0.5f, -1f, 0f};
        Adagrad adagrad = new Adagrad(0.1f).decay(0.5f);

        adagrad.step(w, g);
        // c = g² = (0.25, 1, 0); lr = 0.1: w − 0.1·(0.5/0.5, −1/1, 0/ε) = (0.9, −1.9, 0.5)
        assertThat(adagrad.state()).containsExactly(0.25f, 1f, 0f);
        assertThat(w[0]).isCloseTo(0.9f, within(1e-6f));
        assertThat(w[1]).isCloseTo(-1.9f, within(1e-6f));
        assertThat(w[2]).as("no gradient yet: no step").isEqualTo(0.5f);

        adagrad.step(w, g);
        // c = (0.5, 2, 0); lr = 0.1/(1 + 0.5·1) = 1/15: w − (0.5/√0.5, −1/√2, 0)/15
        assertThat(adagrad.state()).containsExactly(0.5f, 2f, 0f);
        assertThat((double) w[0]).isCloseTo(0.9 - Math.sqrt(0.5) / 15, within(1e-6));
        assertThat((double) w[1]).isCloseTo(-1.9 + 1 / Math.sqrt(2) / 15, within(1e-6));
        assertThat(adagrad.steps()).isEqualTo(2);
        assertThat(adagrad.learningRate()).isCloseTo(0.1f / 2, within(1e-9f));
    }

    @Test
    void defaultsAreTheBooksAndSettingsAreChecked() {
        assertThat(new Adagrad().settings()).isEqualTo(new Adagrad.Settings(1f, 0f, 1e-7f));
        assertThat(Optimizer.named("adagrad", 0.5f, 1e-3f).settings()).isEqualTo(new Adagrad.Settings(0.5f, 1e-3f, 1e-7f));
        assertThatThrownBy(() -> new Adagrad(0f)).hasMessageContaining("learning rate must be finite and > 0");
        assertThatThrownBy(() -> new Adagrad().epsilon(-1f)).hasMessageContaining("epsilon must be finite and > 0");
        assertThatThrownBy(() -> new Adagrad().decay(Float.NaN)).hasMessageContaining("decay must be finite and >= 0");
    }

    @Test
    void aModelFileKeepsItsSettingsCacheAndSteps() throws IOException {
        Sequential model = Sequential.of(new Dense(2, 3), Activations.tanh(), new Dense(3, 2), Activations.softmax())
                .initialize(4).compile(Loss.categoricalCrossEntropy(), new Adagrad(0.05f).decay(1e-2f).epsilon(1e-6f));
        float[] x = {0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f};
        int[] y = {0, 1, 1};
        model.trainOnBatch(x, y);
        model.trainOnBatch(x, y);
        Path file = dir.resolve("adagrad.bp4j");

        ModelFile.save(Checkpoint.of(model), file);
        Sequential loaded = ModelFile.load(file).model();

        assertThat(loaded.optimizer()).isExactlyInstanceOf(Adagrad.class);
        assertThat(loaded.optimizer().settings()).isEqualTo(new Adagrad.Settings(0.05f, 1e-2f, 1e-6f));
        assertThat(loaded.optimizer().steps()).isEqualTo(2);
        assertThat(loaded.optimizer().state()).containsExactly(model.optimizer().state());
        model.trainOnBatch(x, y);
        loaded.trainOnBatch(x, y);
        assertThat(loaded.parameters()).as("the next step is the same bits").containsExactly(model.parameters());
    }
}
