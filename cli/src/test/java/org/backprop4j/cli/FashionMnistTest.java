package org.backprop4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.backprop4j.data.FashionMnist;
import org.backprop4j.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance run: MLP-784 for 5 epochs on the real Fashion-MNIST, as `train --data fashion-mnist`. */
class FashionMnistTest {

    @Test
    void mlp784ReachesTheTestAccuracyOfPyTorchsSameModel(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIRECTORY),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        Path model = dir.resolve("fashion.bp4j");

        long start = System.nanoTime();
        CliTest.Run r = CliTest.run("--data", "fashion-mnist", "--save", model.toString());
        System.out.printf("Fashion-MNIST, 5 epochs: %.1f s%n%s", (System.nanoTime() - start) / 1e9, r.out());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("training Dense(784, 256) RELU Dense(256, 128) RELU Dense(128, 10) SOFTMAX on 60000 rows, test 10000");
        assertThat(r.number("test accuracy")).isGreaterThanOrEqualTo(0.86); // PyTorch: 0.872, DL4J: 0.877
        assertThat(ModelFile.load(model).classNames()).isEqualTo(FashionMnist.CLASS_NAMES);
    }
}
