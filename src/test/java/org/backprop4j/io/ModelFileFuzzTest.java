package org.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.CRC32C;
import org.backprop4j.data.Normalization;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Dropout;
import org.backprop4j.model.Layer;
import org.backprop4j.model.Adam;
import org.backprop4j.model.AdamW;
import org.backprop4j.model.Loss;
import org.backprop4j.model.Optimizer;
import org.backprop4j.model.RmsProp;
import org.backprop4j.model.Sgd;
import org.backprop4j.train.Sequential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Structure-aware fuzzing of {@link ModelFile}: valid files with one field (or a few) rewritten and
 * both checksums made right again, so that every mutation reaches the decoder. Each outcome must
 * be a model that encodes back to exactly the mutated bytes (nothing was lost or invented), or a
 * {@link ModelFileException}; never another exception, an error, or a hang.
 */
class ModelFileFuzzTest {
    private static final long SEED = 0x5EED_F11EL;
    private static final int RANDOM_CASES = 3000;
    private static final int HEADER = 24;
    private static final int TRAILER = 4;
    private static final long CASE_LIMIT_SECONDS = 10; // generous on a busy machine; a case takes well under 1 ms
    private static final String NAME = "fuzzed.bp4j";

    /** What a string field names: a replacement from the same list is a valid file, from another a wrong one. */
    private static final Map<String, List<String>> TAGS = Map.of(
            "layer kind", List.of("dense", "activation", "dropout"),
            "activation", List.of("LINEAR", "RELU", "LEAKY_RELU", "SIGMOID", "TANH", "SOFTMAX"),
            "loss", List.of("", "MEAN_SQUARED_ERROR", "BINARY_CROSS_ENTROPY", "CATEGORICAL_CROSS_ENTROPY"),
            "optimizer", List.of("", "adam", "adamw", "sgd", "rmsprop"),
            "class name", List.of("", "a", "ç", "\uD83D\uDE00"));
    private static final byte[][] BAD_STRINGS = {
            {(byte) 0xC3},                       // a cut two-byte sequence
            {(byte) 0xFF, (byte) 0xFE},          // never valid in UTF-8
            {(byte) 0xC0, (byte) 0x80},          // an overlong NUL
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate, as CESU-8 writes it
            "x".repeat(300).getBytes(StandardCharsets.UTF_8),
    };

    private static ExecutorService runner;

    @BeforeAll
    static void startRunner() {
        runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "model-file-fuzz");
            t.setDaemon(true); // a hung case must not keep the test JVM alive
            return t;
        });
    }

    @AfterAll
    static void stopRunner() {
        runner.shutdownNow();
    }

    /** The kind of value a field holds, which decides its mutations. */
    enum Type { BYTE, INT, LONG, FLOAT, STRING }

    /** A field at {@code offset} in the whole file (for a string: its length prefix). */
    record Field(String name, int offset, Type type) {
    }

    /** A mutated file and how it was made. */
    record Case(String description, byte[] bytes) {
    }

    @Test
    void everyMutatedFileLoadsAsWrittenOrIsRejectedAsAModelFileException() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        List<Case> cases = new ArrayList<>();
        Map<String, byte[]> files = validFiles();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            List<Field> fields = fields(file.getValue());
            for (Field field : fields) {
                cases.addAll(boundaryMutations(file.getKey(), file.getValue(), field, random));
            }
        }
        List<String> names = new ArrayList<>(files.keySet());
        for (int i = 0; i < RANDOM_CASES; i++) {
            String name = names.get(random.nextInt(names.size()));
            cases.add(randomMutations(name, files.get(name), random));
        }

        List<String> failures = new ArrayList<>();
        int loaded = 0;
        for (Case c : cases) {
            String failure = outcome(c);
            if (failure == null) {
                loaded++;
            } else if (!failure.isEmpty()) {
                failures.add(c.description() + ": " + failure);
            }
        }

        assertThat(failures.subList(0, Math.min(failures.size(), 30)))
                .as("%d of %d cases failed (%d loaded, the rest rejected); the first ones",
                        failures.size(), cases.size(), loaded).isEmpty();
        assertThat(cases).hasSizeGreaterThan(5000);
        assertThat(loaded).as("mutations that still make a valid file, e.g. another activation").isGreaterThan(100);
    }

    /**
     * Decodes one case: null when it loaded as written, "" when rejected as a ModelFileException,
     * otherwise what went wrong.
     */
    private static String outcome(Case c) throws InterruptedException {
        Future<String> result = runner.submit(() -> {
            try {
                Checkpoint checkpoint = ModelFile.decode(NAME, c.bytes(), null);
                if (!Arrays.equals(ModelFile.encode(checkpoint), c.bytes())) {
                    return "loaded, but the model does not encode back to the file's bytes";
                }
                Sequential model = checkpoint.model();
                model.predict(new float[model.network().inputs()]); // usable, not just built
                return null;
            } catch (ModelFileException e) {
                return e.getMessage().startsWith(NAME + ": ") ? "" : "a message without the file name: " + e.getMessage();
            } catch (Throwable t) { // an OutOfMemoryError included: the point is to see it
                return t.toString() + " at " + Arrays.toString(Arrays.copyOf(t.getStackTrace(), 3));
            }
        });
        try {
            return result.get(CASE_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError(c.description() + ": no outcome after " + CASE_LIMIT_SECONDS + " s");
        } catch (ExecutionException e) {
            throw new AssertionError(c.description(), e.getCause());
        }
    }

    // ---- the valid files ------------------------------------------------------------------------

    private static Map<String, byte[]> validFiles() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        float[] x2 = {0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f};

        Optimizer.Settings adam = new Adam.Settings(0.01f, 1e-4f, 0.9f, 0.99f, 1e-7f);
        Sequential classifier = compiled(adam, Loss.categoricalCrossEntropy(),
                new Dense(2, 16).weightL2(5e-4f).biasL1(1e-5f), Activations.leakyRelu(0.02f), new Dropout(0.1f),
                new Dense(16, 3), Activations.softmax());
        classifier.trainOnBatch(x2, new int[] {0, 1, 2});
        files.put("adam classifier with normalisation and names", ModelFile.encode(Checkpoint.of(classifier)
                .withNormalization(Normalization.of(new float[] {1f, -2f}, new float[] {0.5f, 4f}))
                .withClassNames(List.of("a", "b", "ç"))));

        Optimizer.Settings sgd = new Sgd.Settings(0.1f, 1e-3f, 0.9f, true);
        Sequential binary = compiled(sgd, Loss.binaryCrossEntropy().scaled(0.5f),
                new Dense(3, 4).weightL1(1e-4f).biasL2(1e-3f), Activations.tanh(), new Dense(4, 1), Activations.sigmoid());
        binary.trainOnBatch(new float[] {1f, 2f, 3f, -1f, 0f, 1f}, new int[] {1, 0});
        binary.trainOnBatch(new float[] {1f, 2f, 3f, -1f, 0f, 1f}, new int[] {0, 1});
        binary.setEpoch(7);
        files.put("nesterov sgd, scaled binary cross-entropy", ModelFile.encode(Checkpoint.of(binary)));

        Optimizer.Settings rmsProp = new RmsProp.Settings(0.005f, 0f, 0.95f, 1e-6f);
        Sequential regression = compiled(rmsProp, Loss.mse(),
                new Dense(4, 5), Activations.relu(), new Dense(5, 2));
        regression.trainOnBatch(new float[] {1f, 2f, 3f, 4f}, new float[] {0.5f, -0.5f});
        files.put("rmsprop regression with normalisation", ModelFile.encode(Checkpoint.of(regression)
                .withNormalization(Normalization.of(new float[] {0f, 1f, 2f, 3f}, new float[] {1f, 2f, 3f, 4f}))));

        Optimizer.Settings adamW = new AdamW.Settings(0.01f, 0f, 0.8f, 0.9f, 1e-6f, 0.05f);
        Sequential untrained = compiled(adamW, Loss.categoricalCrossEntropy(),
                new Dense(2, 3), Activations.sigmoid(), new Dropout(0.2f), new Dense(3, 3), Activations.softmax());
        files.put("adamw before its first step, with names", ModelFile.encode(Checkpoint.of(untrained)
                .withClassNames(List.of("x", "y", "z"))));

        Sequential plain = Sequential.of(new Dense(3, 2), Activations.linear()).initialize(3);
        files.put("never compiled, with normalisation", ModelFile.encode(new Checkpoint(plain,
                Normalization.of(new float[3], new float[] {1f, 1f, 1f}), null)));
        return files;
    }

    private static Sequential compiled(Optimizer.Settings optimizer, Loss loss, Layer... layers) {
        return Sequential.of(layers).initialize(1).compile(loss, optimizer.build());
    }

    // ---- the file's structure (docs/model-format.md) -------------------------------------------

    /** Every field of a valid file, found by walking it as the format lays it out. */
    static List<Field> fields(byte[] file) {
        return new Walker(file).walk();
    }

    private static final class Walker {
        private final ByteBuffer in;
        private final List<Field> fields = new ArrayList<>();

        Walker(byte[] file) {
            in = ByteBuffer.wrap(file);
        }

        List<Field> walk() {
            in.position(8);
            field("format version", Type.INT);
            field("body length", Type.LONG);
            in.position(HEADER);
            int layers = field("layer count", Type.INT).getInt();
            for (int i = 1; i <= layers; i++) {
                switch (string("layer kind", "layer " + i + " kind")) {
                    case "dense" -> {
                        field("layer " + i + " inputs", Type.INT).getInt();
                        field("layer " + i + " outputs", Type.INT).getInt();
                        for (String penalty : List.of("weightL1", "weightL2", "biasL1", "biasL2")) {
                            field("layer " + i + " " + penalty, Type.FLOAT).getFloat();
                        }
                    }
                    case "activation" -> {
                        string("activation", "layer " + i + " function");
                        field("layer " + i + " slope", Type.FLOAT).getFloat();
                    }
                    case "dropout" -> field("layer " + i + " rate", Type.FLOAT).getFloat();
                    default -> throw new AssertionError("layer " + i);
                }
            }
            string("loss", "loss kind");
            field("loss scale", Type.FLOAT).getFloat();
            floats("parameters");
            field("epoch", Type.INT).getInt();
            String optimizer = string("optimizer", "optimizer kind");
            if (!optimizer.isEmpty()) {
                int settings = Map.of("adam", 5, "adamw", 6, "sgd", 3, "rmsprop", 4).get(optimizer);
                for (int s = 1; s <= settings; s++) {
                    field(optimizer + " setting " + s, Type.FLOAT).getFloat();
                }
                if (optimizer.equals("sgd")) {
                    field("sgd nesterov", Type.BYTE).get();
                }
                field("optimizer steps", Type.LONG).getLong();
                floats("optimizer state");
            }
            floats("normalisation offsets");
            floats("normalisation scales");
            int names = field("class name count", Type.INT).getInt();
            for (int i = 1; i <= names; i++) {
                string("class name", "class name " + i);
            }
            assertThat(in.remaining()).as("the walk ends at the trailer").isEqualTo(TRAILER);
            return fields;
        }

        private ByteBuffer field(String name, Type type) {
            fields.add(new Field(name, in.position(), type));
            return in;
        }

        /** A string field named {@code name}, holding a value of the tag list {@code tags}. */
        private String string(String tags, String name) {
            fields.add(new Field(tags + ": " + name, in.position(), Type.STRING));
            byte[] utf8 = new byte[in.getInt()];
            in.get(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }

        /** A float array: its count, and its first, middle and last values. */
        private void floats(String name) {
            int count = field(name + " count", Type.INT).getInt();
            int start = in.position();
            for (int i : new TreeSet<>(List.of(0, count / 2, count - 1))) {
                if (i >= 0 && i < count) {
                    fields.add(new Field(name + "[" + i + "]", start + i * Float.BYTES, Type.FLOAT));
                }
            }
            in.position(start + count * Float.BYTES);
        }
    }

    // ---- mutations ----------------------------------------------------------------------------

    /** Zero, minus one, huge and boundary values, neighbours of the value, and a random one. */
    private static List<Case> boundaryMutations(String fileName, byte[] file, Field field, SplittableRandom random) {
        List<Case> cases = new ArrayList<>();
        String where = fileName + ", " + field.name() + " = ";
        ByteBuffer in = ByteBuffer.wrap(file);
        switch (field.type()) {
            case BYTE -> {
                for (int v : new int[] {0, 1, 2, -1, 0x7F, random.nextInt(256)}) {
                    cases.add(new Case(where + v, sealed(file, copy -> copy.put(field.offset(), (byte) v))));
                }
            }
            case INT, STRING -> {
                int value = in.getInt(field.offset());
                for (int v : new int[] {0, 1, -1, 2, value + 1, value - 1, 2 * value, value + 4, Integer.MIN_VALUE,
                        Integer.MAX_VALUE, Integer.MAX_VALUE - 8, 46341, 65536, 1 << 30, random.nextInt(),
                        random.nextInt(1000)}) {
                    cases.add(new Case(where + v, sealed(file, copy -> copy.putInt(field.offset(), v))));
                }
                if (field.type() == Type.STRING) {
                    cases.addAll(stringContents(fileName, file, field));
                }
            }
            case LONG -> {
                long value = in.getLong(field.offset());
                for (long v : new long[] {0, 1, -1, value + 1, value - 1, Long.MIN_VALUE, Long.MAX_VALUE,
                        Integer.MAX_VALUE, 1L << 32, random.nextLong()}) {
                    cases.add(new Case(where + v, sealed(file, copy -> copy.putLong(field.offset(), v))));
                }
            }
            case FLOAT -> {
                float value = in.getFloat(field.offset());
                for (float v : new float[] {Float.NaN, Float.intBitsToFloat(0x7FC0_0001), Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY, 0f, -0f, 1f, -1f, 0.5f, 2f, Float.MAX_VALUE, Float.MIN_VALUE,
                        1e30f, -value, 2 * value, Float.intBitsToFloat(random.nextInt())}) {
                    cases.add(new Case(where + v, sealed(file, copy -> copy.putInt(field.offset(),
                            Float.floatToRawIntBits(v)))));
                }
            }
        }
        return cases;
    }

    /** The string replaced by every tag of every list (so by valid and by misplaced ones) and by bad UTF-8. */
    private static List<Case> stringContents(String fileName, byte[] file, Field field) {
        List<byte[]> contents = new ArrayList<>();
        TAGS.values().forEach(tags -> tags.forEach(tag -> contents.add(tag.getBytes(StandardCharsets.UTF_8))));
        contents.addAll(List.of(BAD_STRINGS));
        List<Case> cases = new ArrayList<>();
        for (byte[] content : contents) {
            cases.add(new Case(fileName + ", " + field.name() + " = " + Arrays.toString(content),
                    withString(file, field.offset(), content)));
        }
        return cases;
    }

    /** One to three fields of one file set to random bits. */
    private static Case randomMutations(String fileName, byte[] file, SplittableRandom random) {
        List<Field> fields = fields(file).stream().filter(f -> f.type() != Type.STRING).toList();
        byte[] bytes = file.clone();
        StringBuilder description = new StringBuilder(fileName + ", random:");
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            Field field = fields.get(random.nextInt(fields.size()));
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long bits = random.nextLong();
            switch (field.type()) {
                case BYTE -> buffer.put(field.offset(), (byte) bits);
                case INT, FLOAT -> buffer.putInt(field.offset(), (int) bits);
                case LONG -> buffer.putLong(field.offset(), bits);
                default -> throw new AssertionError(field);
            }
            description.append(' ').append(field.name()).append(" = 0x").append(Long.toHexString(bits));
        }
        return new Case(description.toString(), sealed(bytes, copy -> { }));
    }

    /** A change to a copy of the file's buffer. */
    @FunctionalInterface
    private interface Change {
        void apply(ByteBuffer copy);
    }

    /** A copy of {@code file} with {@code change} made and both checksums recomputed. */
    private static byte[] sealed(byte[] file, Change change) {
        byte[] copy = file.clone();
        ByteBuffer buffer = ByteBuffer.wrap(copy);
        change.apply(buffer);
        buffer.putInt(20, crc(copy, 0, 20));
        int bodyEnd = copy.length - TRAILER;
        buffer.putInt(bodyEnd, crc(copy, HEADER, bodyEnd - HEADER));
        return copy;
    }

    /** The file with the string at {@code offset} replaced by {@code utf8}, its length and checksums fixed. */
    private static byte[] withString(byte[] file, int offset, byte[] utf8) {
        int oldEnd = offset + 4 + ByteBuffer.wrap(file).getInt(offset);
        ByteBuffer out = ByteBuffer.allocate(file.length - (oldEnd - offset) + 4 + utf8.length);
        out.put(file, 0, offset).putInt(utf8.length).put(utf8).put(file, oldEnd, file.length - oldEnd);
        out.putLong(12, out.capacity() - HEADER - TRAILER);
        return sealed(out.array(), copy -> { });
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
