package org.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Normalization;
import org.backprop4j.data.Spirals;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Dropout;
import org.backprop4j.model.Adam;
import org.backprop4j.model.AdamW;
import org.backprop4j.model.Loss;
import org.backprop4j.model.Optimizer;
import org.backprop4j.model.RmsProp;
import org.backprop4j.model.Sgd;
import org.backprop4j.train.FitOptions;
import org.backprop4j.train.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    private static final Dataset DATA = Spirals.spiral(40, 3, 1);
    private static final Optimizer.Settings ADAM = new Adam.Settings(0.01f, 1e-4f, 0.9f, 0.99f, 1e-7f);
    private static final int HEADER = 24;
    private static final int DENSE_SIZES = 4 + 4 + "dense".length(); // in the body: layer count, kind

    @TempDir
    Path dir;

    private static Sequential model(Optimizer.Settings optimizer) {
        var model = Sequential.of(new Dense(2, 16).weightL2(5e-4f).biasL1(1e-5f), Activations.leakyRelu(0.02f),
                new Dropout(0.1f), new Dense(16, 3), Activations.softmax());
        model.compile(Loss.categoricalCrossEntropy(), optimizer.build());
        return model;
    }

    private static FitOptions epochs(int n) {
        return FitOptions.epochs(n).batchSize(32).shuffle(7);
    }

    private static Sequential trained(Optimizer.Settings optimizer, int epochs) {
        Sequential model = model(optimizer);
        model.fit(DATA.featureData(), DATA.labels(), epochs(epochs));
        return model;
    }

    private Path saved(Sequential model) throws IOException {
        Path file = dir.resolve("model.bp4j");
        ModelFile.save(Checkpoint.of(model), file);
        return file;
    }

    @Test
    void savedModelPredictsBitIdenticallyAndKeepsItsTrainingState() throws IOException {
        Sequential model = trained(ADAM, 3);
        Normalization norm = Normalization.of(new float[] {1f, -2f}, new float[] {0.5f, 4f});
        Path file = dir.resolve("model.bp4j");
        ModelFile.save(Checkpoint.of(model).withNormalization(norm).withClassNames(List.of("a", "b", "ç")), file);

        Checkpoint loaded = ModelFile.load(file);

        Sequential copy = loaded.model();
        assertThat(Arrays.equals(copy.predict(DATA.featureData()), model.predict(DATA.featureData()))).isTrue();
        assertThat(Arrays.equals(copy.parameters(), model.parameters())).isTrue();
        assertThat(ModelFile.describe(copy.network().layers())).isEqualTo(ModelFile.describe(model.network().layers()))
                .isEqualTo("Dense(2, 16, weightL2 5.0E-4, biasL1 1.0E-5) LeakyReLU(0.02) Dropout(0.1) Dense(16, 3) SOFTMAX");
        assertThat(copy.epoch()).isEqualTo(3);
        assertThat(copy.loss().kind()).isEqualTo(Loss.Kind.CATEGORICAL_CROSS_ENTROPY);
        assertThat(copy.optimizer().steps()).isEqualTo(model.optimizer().steps()).isEqualTo(12);
        assertThat(Arrays.equals(copy.optimizer().state(), model.optimizer().state())).isTrue();
        assertThat(loaded.optimizer()).isEqualTo(ADAM);
        assertThat(loaded.normalization().offsets()).containsExactly(1f, -2f);
        assertThat(loaded.normalization().scales()).containsExactly(0.5f, 4f);
        assertThat(loaded.classNames()).containsExactly("a", "b", "ç");
    }

    @Test
    void bytesRoundTripAsTheFileDoesAndAreCheckedAsStrictly() throws IOException {
        Sequential model = trained(ADAM, 2);
        Path file = saved(model);
        byte[] bytes = ModelFile.toBytes(Checkpoint.of(model));
        assertThat(bytes).isEqualTo(Files.readAllBytes(file));

        Sequential copy = ModelFile.fromBytes(bytes, "hdfs://models/m.bp4j").model();
        assertThat(Arrays.equals(copy.parameters(), model.parameters())).isTrue();
        assertThat(Arrays.equals(copy.optimizer().state(), model.optimizer().state())).isTrue();

        byte[] bad = bytes.clone();
        bad[bad.length / 2] ^= 0x10;
        assertThatThrownBy(() -> ModelFile.fromBytes(bad, "hdfs://models/m.bp4j"))
                .isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith("hdfs://models/m.bp4j: corrupted (checksum mismatch)");
        assertThatThrownBy(() -> ModelFile.fromBytes(Arrays.copyOf(bytes, 10), "blob"))
                .hasMessageStartingWith("blob: truncated: 10 bytes");
    }

    @Test
    void anUncompiledModelSavesForInference() throws IOException {
        var model = Sequential.of(new Dense(2, 4), Activations.tanh(), new Dense(4, 1)).initialize(9);
        Path file = dir.resolve("plain.bp4j");
        ModelFile.save(new Checkpoint(model, null, null), file);

        Checkpoint loaded = ModelFile.load(file);

        assertThat(loaded.model().loss()).isNull();
        assertThat(loaded.optimizer()).isNull();
        assertThat(loaded.normalization()).isNull();
        assertThat(Arrays.equals(loaded.model().predict(DATA.featureData()), model.predict(DATA.featureData()))).isTrue();
    }

    @Test
    void everyOptimizerKindRoundTripsWithItsState() throws IOException {
        for (Optimizer.Settings spec : List.of(ADAM, new AdamW.Settings(0.01f, 0f, 0.8f, 0.9f, 1e-6f, 0.05f),
                new Sgd.Settings(0.1f, 1e-3f, 0.9f, true), new Sgd.Settings(0.1f, 0f, 0f, false),
                new RmsProp.Settings(0.005f, 0f, 0.95f, 1e-6f))) {
            Sequential model = trained(spec, 1);
            assertThat(model.optimizer().settings()).as("settings read back from the optimiser").isEqualTo(spec);
            Path file = dir.resolve(spec.name() + ".bp4j");
            ModelFile.save(Checkpoint.of(model), file); // settings read from the model's optimiser

            Checkpoint loaded = ModelFile.load(file);

            assertThat(loaded.optimizer()).isEqualTo(spec);
            assertThat(loaded.model().optimizer()).isExactlyInstanceOf(model.optimizer().getClass());
            assertThat(Arrays.equals(loaded.model().optimizer().state(), model.optimizer().state())).isTrue();
        }
    }

    @Test
    void resumingFromACheckpointGivesTheWeightsOfAnUninterruptedRun() throws IOException {
        Sequential uninterrupted = trained(ADAM, 4);

        Path file = saved(trained(ADAM, 2));
        Sequential resumed = ModelFile.load(file).model();
        resumed.fit(DATA.featureData(), DATA.labels(), epochs(2));

        assertThat(resumed.epoch()).isEqualTo(4);
        assertThat(Arrays.equals(resumed.parameters(), uninterrupted.parameters())).isTrue();
        assertThat(Arrays.equals(resumed.optimizer().state(), uninterrupted.optimizer().state())).isTrue();
    }

    @Test
    void theCheckpointListenerSavesDuringFitAndAfterTheLastEpoch() throws IOException {
        Sequential model = model(ADAM);
        Path file = dir.resolve("checkpoint.bp4j");

        model.fit(DATA.featureData(), DATA.labels(), epochs(3).listener(new CheckpointListener(Checkpoint.of(model), file, 2)));

        Checkpoint loaded = ModelFile.load(file);
        assertThat(loaded.model().epoch()).isEqualTo(3);
        assertThat(Arrays.equals(loaded.model().parameters(), model.parameters())).isTrue();
        assertThatThrownBy(() -> new CheckpointListener(Checkpoint.of(model), file, 0))
                .hasMessageContaining("interval must be >= 1");
    }

    @Test
    void saveReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path file = saved(trained(ADAM, 1));
        Sequential newer = trained(ADAM, 2);
        ModelFile.save(Checkpoint.of(newer), file);

        assertThat(ModelFile.load(file).model().epoch()).isEqualTo(2);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aFailedSaveLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("occupied");
        Files.createDirectories(target.resolve("inside")); // a non-empty directory cannot be replaced

        assertThatThrownBy(() -> ModelFile.save(Checkpoint.of(trained(ADAM, 1)), target))
                .isInstanceOf(IOException.class);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
        assertThat(target.resolve("inside")).isDirectory();
    }

    @Test
    void checkpointsRejectANormalisationThatDoesNotFitTheModel() {
        Sequential model = model(ADAM);
        assertThatThrownBy(() -> Checkpoint.of(model).withNormalization(Normalization.of(new float[3], new float[3])))
                .hasMessageContaining("3 features but the model 2 inputs");
    }

    // ---- rejection: each failure names itself ----------------------------------------------

    @Test
    void truncatedFilesAreRejectedAsTruncated() throws IOException {
        byte[] good = Files.readAllBytes(saved(trained(ADAM, 1)));
        for (int length : new int[] {3, 8, 12, HEADER - 1, HEADER, HEADER + 9, good.length / 2, good.length - 1}) {
            Path cut = write("cut" + length, Arrays.copyOf(good, length));
            assertThatThrownBy(() -> ModelFile.load(cut)).as("cut at %d", length)
                    .isInstanceOf(ModelFileException.class)
                    .hasMessageStartingWith(cut + ": truncated: " + length + " bytes");
        }
        Path empty = write("empty", new byte[0]);
        assertThatThrownBy(() -> ModelFile.load(empty)).hasMessageContaining("empty file, not a backprop4j model");
    }

    @Test
    void aFlippedByteIsRejectedNamingTheDamagedRegion() throws IOException {
        byte[] good = Files.readAllBytes(saved(trained(ADAM, 1)));
        String[][] cases = {
                {"0", "not a backprop4j model file (wrong magic bytes)"},
                {"5", "not a backprop4j model file (wrong magic bytes)"},
                {"9", "corrupted header (checksum mismatch)"},       // version
                {"15", "corrupted header (checksum mismatch)"},      // body length
                {"21", "corrupted header (checksum mismatch)"},      // header checksum
                {"" + (HEADER + 1), "corrupted (checksum mismatch)"}, // layer count
                {"" + good.length / 2, "corrupted (checksum mismatch)"}, // parameters
                {"" + (good.length - 6), "corrupted (checksum mismatch)"}, // the end of the body (normalisation, class names)
                {"" + (good.length - 2), "corrupted (checksum mismatch)"}, // body checksum
        };
        for (String[] c : cases) {
            int at = Integer.parseInt(c[0]);
            byte[] bad = good.clone();
            bad[at] ^= 0x10;
            Path file = write("flip" + at, bad);
            assertThatThrownBy(() -> ModelFile.load(file)).as("byte %d", at)
                    .isInstanceOf(ModelFileException.class).hasMessage(file + ": " + c[1]
                            + (c[1].startsWith("corrupted (") ? ": a byte changed since it was saved" : ""));
        }
    }

    @Test
    void foreignFilesAreRejected() throws IOException {
        Path png = write("picture.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0});
        Path text = write("notes.txt", "epoch,loss\n1,0.5\n".getBytes(StandardCharsets.UTF_8));
        for (Path file : List.of(png, text)) {
            assertThatThrownBy(() -> ModelFile.load(file))
                    .hasMessage(file + ": not a backprop4j model file (wrong magic bytes)");
        }
    }

    @Test
    void aNewerFormatVersionIsRejected() throws IOException {
        byte[] bytes = Files.readAllBytes(saved(trained(ADAM, 1)));
        ByteBuffer.wrap(bytes).putInt(8, 2);
        resealHeader(bytes);
        Path file = write("future.bp4j", bytes);

        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(ModelFileException.class)
                .hasMessage(file + ": format version 2 is newer than this library reads (up to 1);"
                        + " load it with a newer backprop4j");
    }

    @Test
    void anotherArchitectureThanExpectedIsRejected() throws IOException {
        Path file = saved(trained(ADAM, 1));
        var expected = Sequential.of(new Dense(2, 32).weightL2(5e-4f).biasL1(1e-5f), Activations.leakyRelu(0.02f),
                new Dropout(0.1f), new Dense(32, 3), Activations.softmax());

        assertThatThrownBy(() -> ModelFile.load(file, expected)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(file + ": architecture mismatch at layer 1: the file has"
                        + " Dense(2, 16, weightL2 5.0E-4, biasL1 1.0E-5) where Dense(2, 32, weightL2 5.0E-4, biasL1 1.0E-5)"
                        + " is expected");
        var shorter = Sequential.of(new Dense(2, 16).weightL2(5e-4f).biasL1(1e-5f), Activations.leakyRelu(0.02f));
        assertThatThrownBy(() -> ModelFile.load(file, shorter))
                .hasMessageContaining("architecture mismatch at layer 3: the file has Dropout(0.1) where nothing is expected");
        assertThat(ModelFile.load(file, model(ADAM)).model().epoch()).isEqualTo(1);
    }

    @Test
    void unknownKindsInAnIntactFileAreNamed() throws IOException {
        byte[] good = Files.readAllBytes(saved(trained(ADAM, 1)));
        String[][] cases = {
                {"dense", "dence", "unknown layer kind 'dence' (layer 1)"},
                {"LEAKY_RELU", "LEAKY_GELU", "unknown activation kind 'LEAKY_GELU'"},
                {"CATEGORICAL_CROSS_ENTROPY", "CATEGORICAL_CROSS_ENTROPZ", "unknown loss kind 'CATEGORICAL_CROSS_ENTROPZ'"},
                {"adam", "lion", "unknown optimizer kind 'lion'"},
        };
        for (String[] c : cases) {
            Path file = write(c[1], rewriteBody(good, body -> replace(body, c[0], c[1])));
            assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(ModelFileException.class)
                    .hasMessage(file + ": " + c[2]);
        }
    }

    @Test
    void layerSizesBeyondTheBytesThatFollowAreRejectedBeforeAnythingIsBuilt() throws IOException {
        Path small = dir.resolve("small.bp4j");
        ModelFile.save(new Checkpoint(Sequential.of(new Dense(2, 2)), null, null), small);
        byte[] good = Files.readAllBytes(small);
        assertThat(good.length).as("a file of about a hundred bytes").isLessThan(128);
        int afterSizes = good.length - HEADER - 4 - DENSE_SIZES - 8;
        for (int[] size : new int[][] {{46341, 46341}, {65536, 65536}, {20000, 20000}, {2, 1 << 30}}) {
            Path file = write("dense" + size[0] + "x" + size[1], rewriteBody(good, body -> denseSizes(body, size)));
            assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(ModelFileException.class)
                    .hasMessage(String.format(Locale.ROOT, "%s: truncated or corrupt: layer 1 declares %,d parameters"
                            + " but only %,d bytes follow", file, (long) size[0] * size[1] + size[1], afterSizes));
        }
    }

    @Test
    void aLayerWhoseSizeWrapsAroundInAnIntIsRejectedEvenWhenTheFloatsWouldMatchTheWrappedCount() throws IOException {
        Path file = dir.resolve("wrapped.bp4j");
        ModelFile.save(new Checkpoint(Sequential.of(new Dense(1, 32768)), null, null), file);
        // 65536 × 65536 + 65536 is 65536 parameters modulo 2^32: the count the file holds
        Files.write(file, rewriteBody(Files.readAllBytes(file), body -> denseSizes(body, new int[] {65536, 65536})));

        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(file + ": truncated or corrupt: layer 1 declares 4,295,032,832 parameters");
    }

    /** The body with the first layer, a Dense, declaring {@code size[0]} inputs and {@code size[1]} outputs. */
    private static byte[] denseSizes(byte[] body, int[] size) {
        ByteBuffer.wrap(body).putInt(DENSE_SIZES, size[0]).putInt(DENSE_SIZES + 4, size[1]);
        return body;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** A file whose body is changed and both checksums made right again: damage only a writer could do. */
    private static byte[] rewriteBody(byte[] file, UnaryOperator<byte[]> change) {
        byte[] body = change.apply(Arrays.copyOfRange(file, HEADER, file.length - 4));
        ByteBuffer out = ByteBuffer.allocate(HEADER + body.length + 4).put(file, 0, HEADER).put(body);
        out.putLong(12, body.length).putInt(out.position(), crc(body, 0, body.length));
        resealHeader(out.array());
        return out.array();
    }

    private static void resealHeader(byte[] file) {
        ByteBuffer.wrap(file).putInt(20, crc(file, 0, 20));
    }

    /** Replaces the first length-prefixed string {@code from} by {@code to} of the same length. */
    private static byte[] replace(byte[] body, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.UTF_8);
        byte[] t = to.getBytes(StandardCharsets.UTF_8);
        assertThat(t).hasSameSizeAs(f);
        for (int i = 4; i + f.length <= body.length; i++) {
            if (ByteBuffer.wrap(body).getInt(i - 4) == f.length && Arrays.equals(body, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, body, i, t.length);
                return body;
            }
        }
        throw new AssertionError(from + " not found");
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
