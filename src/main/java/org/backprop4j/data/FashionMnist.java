package org.backprop4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Zalando): 28×28 grey-scale images of clothing in 10 classes, 60,000 for training
 * and 10,000 for testing, in the IDX format. Debian's {@code dataset-fashion-mnist} package
 * installs them, gzipped, in {@link #DEBIAN_DIRECTORY}.
 */
public final class FashionMnist {
    /** Where {@code apt-get install dataset-fashion-mnist} puts the four files. */
    public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** The class names, by class index. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /** The two parts of the data set. */
    public record TrainTest(Dataset train, Dataset test) {
    }

    /**
     * Loads {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
     * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each raw or with a
     * {@code .gz} suffix, from {@code directory}. Pixels are floats 0..255 (normalise them with
     * {@link Normalizer#pixels()}); labels are the 10 classes of {@link #CLASS_NAMES}.
     *
     * @throws NoSuchFileException if a file is missing
     * @throws MalformedDataException if a file is malformed
     */
    public static TrainTest load(Path directory) throws IOException {
        int classes = CLASS_NAMES.size();
        Dataset train = Idx.read(find(directory, "train-images-idx3-ubyte"),
                find(directory, "train-labels-idx1-ubyte"), classes);
        Dataset test = Idx.read(find(directory, "t10k-images-idx3-ubyte"),
                find(directory, "t10k-labels-idx1-ubyte"), classes);
        return new TrainTest(train, test);
    }

    private static Path find(Path directory, String name) throws NoSuchFileException {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path file = directory.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new NoSuchFileException(directory.resolve(name) + "(.gz)", null,
                "not found (on Debian: apt-get install dataset-fashion-mnist, which installs it in "
                        + DEBIAN_DIRECTORY + ")");
    }
}
