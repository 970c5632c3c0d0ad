package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.backprop4j.data.IdxFiles.gzip;
import static org.backprop4j.data.IdxFiles.images;
import static org.backprop4j.data.IdxFiles.labels;
import static org.backprop4j.data.IdxFiles.write;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void findsRawAndGzippedFilesInADirectory() throws Exception {
        write(dir, "train-images-idx3-ubyte.gz", gzip(images(3, 1, 2, new byte[] {1, 2, 3, 4, 5, 6})));
        write(dir, "train-labels-idx1-ubyte", labels((byte) 9, (byte) 0, (byte) 4));
        write(dir, "t10k-images-idx3-ubyte", images(1, 1, 2, new byte[] {7, 8}));
        write(dir, "t10k-labels-idx1-ubyte.gz", gzip(labels((byte) 5)));
        FashionMnist.TrainTest d = FashionMnist.load(dir);
        assertThat(d.train().featureData()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(d.train().labels()).containsExactly(9, 0, 4);
        assertThat(d.train().classes()).isEqualTo(10);
        assertThat(d.test().featureData()).containsExactly(7, 8);
        assertThat(d.test().labels()).containsExactly(5);
    }

    @Test
    void namesTheMissingFile() {
        write(dir, "train-images-idx3-ubyte.gz", gzip(images(1, 1, 1, new byte[] {1})));
        assertThatThrownBy(() -> FashionMnist.load(dir)).isInstanceOf(NoSuchFileException.class)
                .hasMessage(dir.resolve("train-labels-idx1-ubyte") + "(.gz): not found (on Debian: apt-get install"
                        + " dataset-fashion-mnist, which installs it in /usr/share/datasets/fashion-mnist)");
    }

    /** The real data set, when Debian's dataset-fashion-mnist is installed. */
    @Test
    void loadsTheRealDataSet() throws Exception {
        assumeThat(Files.isDirectory(FashionMnist.DEBIAN_DIRECTORY))
                .as("Debian package dataset-fashion-mnist installed").isTrue();
        FashionMnist.TrainTest d = FashionMnist.load(FashionMnist.DEBIAN_DIRECTORY);
        assertThat(d.train().rows()).isEqualTo(60_000);
        assertThat(d.test().rows()).isEqualTo(10_000);
        assertThat(d.train().features()).isEqualTo(28 * 28);
        assertThat(d.test().features()).isEqualTo(28 * 28);
        assertThat(d.train().classes()).isEqualTo(10);
        assertThat(histogram(d.train())).containsOnly(6000);
        assertThat(histogram(d.test())).containsOnly(1000);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : d.train().featureData()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isZero();
        assertThat(max).isEqualTo(255f);
        // The first training image is an ankle boot (class 9), as in the data set's README.
        assertThat(d.train().label(0)).isEqualTo(9);
    }

    private static int[] histogram(Dataset d) {
        int[] counts = new int[d.classes()];
        for (int label : d.labels()) {
            counts[label]++;
        }
        return counts;
    }
}
