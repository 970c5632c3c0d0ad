package org.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.backprop4j.model.Adam;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Model files written by the version before ops became units (commit c69749c, fixtures in
 * src/test/resources/org/backprop4j/io/version1) load, and saving what loaded writes the same
 * bytes back: the format did not change.
 */
class ModelFileVersion1Test {

    @ParameterizedTest
    @ValueSource(strings = {"adam-classifier", "sgd-binary", "rmsprop-regression", "adamw-untrained", "never-compiled"})
    void filesOfTheEarlierVersionLoadAndWriteBackTheSameBytes(String name) throws IOException, URISyntaxException {
        Path file = Path.of(getClass().getResource("version1/" + name + ".bp4j").toURI());
        byte[] written = Files.readAllBytes(file);

        Checkpoint loaded = ModelFile.load(file);

        assertThat(ModelFile.encode(loaded)).as(name).containsExactly(written);
        float[] y = loaded.model().predict(new float[loaded.model().network().inputs()]);
        assertThat(y).hasSize(loaded.model().network().outputs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam-classifier"})
    void theirSettingsAndExtrasAreRead(String name) throws IOException, URISyntaxException {
        Checkpoint loaded = ModelFile.load(Path.of(getClass().getResource("version1/" + name + ".bp4j").toURI()));

        assertThat(loaded.optimizer()).isEqualTo(new Adam.Settings(0.01f, 1e-4f, 0.9f, 0.99f, 1e-7f));
        assertThat(loaded.model().optimizer().steps()).isEqualTo(1);
        assertThat(loaded.classNames()).isEqualTo(List.of("a", "b", "ç"));
        assertThat(ModelFile.describe(loaded.model().network().layers()))
                .isEqualTo("Dense(2, 16, weightL2 5.0E-4, biasL1 1.0E-5) LeakyReLU(0.02) Dropout(0.1) Dense(16, 3) SOFTMAX");
    }
}
