package org.backprop4j.io;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;
import org.backprop4j.data.Normalization;
import org.backprop4j.kernel.Records;
import org.backprop4j.kernel.VectorModule;
import org.backprop4j.model.Layer;
import org.backprop4j.model.Loss;
import org.backprop4j.model.Optimizer;
import org.backprop4j.model.UnknownKindException;
import org.backprop4j.train.Sequential;

/**
 * Model files: a {@link Checkpoint} saved atomically and loaded with every byte checked.
 *
 * <pre>{@code
 * ModelFile.save(Checkpoint.of(model), Path.of("model.bp4j"));
 * Checkpoint c = ModelFile.load(Path.of("model.bp4j"));
 * float[] y = c.model().predict(x);
 * c.model().fit(x, labels, FitOptions.epochs(2));   // resumes where the saved run stopped
 * }</pre>
 *
 * <h2>Format, version 1</h2>
 * Big-endian (as {@link DataOutputStream} writes). A string is an int byte count and that many
 * bytes of UTF-8; a float array is an int count and that many IEEE-754 floats.
 * <pre>
 * header, 24 bytes, the same in every version:
 *   magic            8 bytes  0x89 'B' 'P' '4' 'J' '\r' '\n' 0x1A
 *   format version   int      1
 *   body length      long     L
 *   header checksum  int      CRC-32C of the 20 bytes above
 * body, L bytes:
 *   layers           int count, then per layer a string kind and its configuration:
 *                      "dense"       int inputs, int outputs, float weightL1, weightL2, biasL1, biasL2
 *                      "activation"  string function (LINEAR RELU LEAKY_RELU SIGMOID TANH SOFTMAX), float slope
 *                      "dropout"     float rate
 *                      "layernorm"   int features
 *                    (the components of the layer's Configuration record, in order)
 *   loss             string kind ("" if never compiled: MEAN_SQUARED_ERROR BINARY_CROSS_ENTROPY
 *                    CATEGORICAL_CROSS_ENTROPY), float scale
 *   parameters       float array: each layer's parameter blocks in layer order (Network.parameterBlocks():
 *                    a Dense's weights, inputs×outputs row-major, then biases; a LayerNorm's gain then bias)
 *   epoch            int, epochs completed
 *   optimizer        string kind ("" if never compiled), then its settings record's components
 *                    in declaration order (float; boolean as a byte 0 or 1), see Optimizer.Settings:
 *                      "adam"     float learningRate, decay, beta1, beta2, epsilon
 *                      "adamw"    float learningRate, decay, beta1, beta2, epsilon, weightDecay
 *                      "sgd"      float learningRate, decay, momentum, byte nesterov (0 or 1)
 *                      "rmsprop"  float learningRate, decay, rho, epsilon
 *                      "adagrad"  float learningRate, decay, epsilon
 *                    then long steps, float array state (the moments, see Optimizer.state())
 *   normalization    float array offsets, float array scales (both empty: none)
 *   class names      int count, that many strings
 * trailer:
 *   body checksum    int      CRC-32C of the L body bytes
 * </pre>
 * A reader rejects a newer version; a new version may change the body but never the header.
 *
 * <p><b>Saving</b> writes a temporary file in the target's directory, forces it to disk, and
 * renames it over the target in one atomic step: a crash leaves the old file or the new one,
 * never a mix. <b>Loading</b> reads the whole file, checks the magic, the header, the version, the
 * length and both checksums before it decodes anything, checks every count and size the file
 * declares against the bytes that follow before it allocates anything of that size, reads
 * strictly (a value that would not be written back byte for byte, such as a string that is not
 * UTF-8, is rejected), then builds the complete model before returning it; every failure is a
 * {@link ModelFileException} saying which check failed.
 */
public final class ModelFile {
    /** The format version this library writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    private static final byte[] MAGIC = {(byte) 0x89, 'B', 'P', '4', 'J', '\r', '\n', 0x1A};
    private static final int HEADER_BYTES = MAGIC.length + 4 + 8 + 4;
    private static final int TRAILER_BYTES = 4;

    private ModelFile() {
    }

    // ---- saving ----------------------------------------------------------------------------

    /**
     * Saves {@code checkpoint} to {@code file} atomically, replacing any file there.
     *
     * @throws IllegalArgumentException if the model holds a layer this format cannot describe
     */
    public static void save(Checkpoint checkpoint, Path file) throws IOException {
        byte[] bytes = encode(checkpoint);
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Path temporary = directory.resolve("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer all = ByteBuffer.wrap(bytes);
                while (all.hasRemaining()) {
                    out.write(all);
                }
                out.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        syncDirectory(directory);
    }

    /** Makes the rename durable where the platform allows opening a directory (POSIX). */
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open directories; its rename is durable on its own
        }
    }

    /** The whole file: header, body and trailer in one array, the body written once, in place. */
    static byte[] encode(Checkpoint checkpoint) throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(new byte[HEADER_BYTES]); // filled in once the body length is known
        encodeBody(checkpoint, new DataOutputStream(stream));
        stream.write(new byte[TRAILER_BYTES]);
        byte[] bytes = stream.toByteArray();
        int bodyLength = bytes.length - HEADER_BYTES - TRAILER_BYTES;
        ByteBuffer file = ByteBuffer.wrap(bytes).put(MAGIC).putInt(FORMAT_VERSION).putLong(bodyLength);
        file.putInt(crc(bytes, 0, HEADER_BYTES - 4));
        file.putInt(HEADER_BYTES + bodyLength, crc(bytes, HEADER_BYTES, bodyLength));
        return bytes;
    }

    private static void encodeBody(Checkpoint c, DataOutputStream out) throws IOException {
        Sequential model = c.model();

        List<Layer> layers = model.network().layers();
        out.writeInt(layers.size());
        for (Layer layer : layers) {
            writeLayer(out, layer);
        }
        Loss loss = model.loss();
        writeString(out, loss == null ? "" : loss.kind().name());
        out.writeFloat(loss == null ? 1f : loss.scale());
        writeFloats(out, model.parameters());

        out.writeInt(model.epoch());
        Optimizer optimizer = model.optimizer();
        writeString(out, optimizer == null ? "" : optimizer.settings().name());
        if (optimizer != null) {
            writeSettings(out, optimizer.settings());
            out.writeLong(optimizer.steps());
            writeFloats(out, optimizer.state());
        }

        Normalization n = c.normalization();
        writeFloats(out, n == null ? new float[0] : n.offsets());
        writeFloats(out, n == null ? new float[0] : n.scales());
        out.writeInt(c.classNames().size());
        for (String name : c.classNames()) {
            writeString(out, name);
        }
        out.flush();
    }

    private static void writeLayer(DataOutputStream out, Layer layer) throws IOException {
        Layer.Configuration configuration = layer.configuration();
        writeString(out, configuration.kind());
        writeRecord(out, (Record) configuration);
    }

    /** An optimiser's settings record (see {@link Optimizer.Settings}). */
    private static void writeSettings(DataOutputStream out, Optimizer.Settings settings) throws IOException {
        if (!(settings instanceof Record) || Optimizer.settingsType(settings.name()) != settings.getClass()) {
            throw new IllegalArgumentException("a model file can store the optimizers " + Optimizer.NAMES + ", not "
                    + settings.getClass().getName());
        }
        writeRecord(out, (Record) settings);
    }

    /** A record's components in declaration order: int, float, a boolean as one byte 0 or 1, a String. */
    private static void writeRecord(DataOutputStream out, Record record) throws IOException {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw Records.unchecked(e);
            }
            if (value instanceof Float f) {
                out.writeFloat(f);
            } else if (value instanceof Integer i) {
                out.writeInt(i);
            } else if (value instanceof Boolean flag) {
                out.writeByte(flag ? 1 : 0);
            } else {
                writeString(out, (String) value);
            }
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /** A count, then the floats; converted in chunks rather than one writeFloat call per value. */
    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        for (int i = 0; i < values.length; ) {
            int n = Math.min(values.length - i, chunk.capacity() / Float.BYTES);
            chunk.clear();
            chunk.asFloatBuffer().put(values, i, n);
            out.write(chunk.array(), 0, n * Float.BYTES);
            i += n;
        }
    }

    private static void writeFloats(DataOutputStream out, float a, float... more) throws IOException {
        out.writeFloat(a);
        for (float f : more) {
            out.writeFloat(f);
        }
    }

    // ---- loading ---------------------------------------------------------------------------

    /**
     * Loads a model file: the model with its parameters, loss, optimiser (state and step counter
     * restored) and epoch, plus the normalisation and class names saved with it.
     *
     * @throws ModelFileException if the file is truncated, corrupted (a checksum differs), not a
     *     model file, of a newer format version, or describes something this library cannot build
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws IllegalStateException when the JVM runs without the Vector API, naming the flag
     */
    public static Checkpoint load(Path file) throws IOException {
        return load(file, null);
    }

    /**
     * As {@link #load(Path)}, and checks that the file holds the architecture of
     * {@code expected}: the same layers (kind and configuration, in order). The loaded model is a
     * new one; {@code expected} is only compared with.
     *
     * @throws ModelFileException naming the first differing layer when the architectures differ
     */
    public static Checkpoint load(Path file, Sequential expected) throws IOException {
        return decode(file.toString(), Files.readAllBytes(file), expected);
    }

    /**
     * The bytes {@link #save} writes, for stores other than a local file (a distributed file
     * system, a database), which then answer for atomicity.
     *
     * @throws IllegalArgumentException if the model holds a layer this format cannot describe
     */
    public static byte[] toBytes(Checkpoint checkpoint) throws IOException {
        return encode(checkpoint);
    }

    /**
     * {@link #load(Path)} of a model file's bytes read from elsewhere, with every check load makes;
     * {@code source} names them in messages.
     */
    public static Checkpoint fromBytes(byte[] bytes, String source) throws ModelFileException {
        return decode(source, bytes, null);
    }

    /** {@link #load(Path, Sequential)} of a model file's bytes; {@code file} only names them in messages. */
    static Checkpoint decode(String file, byte[] bytes, Sequential expected) throws ModelFileException {
        VectorModule.require(); // here, before the decoder would report it as a file's invalid contents
        ByteBuffer body = checkedBody(file, bytes);
        Checkpoint checkpoint;
        try {
            List<Layer> layers = readLayers(file, body);
            if (expected != null) {
                checkArchitecture(file, layers, expected.network().layers());
            }
            checkpoint = readRest(file, body, layers);
        } catch (BufferUnderflowException e) {
            throw fail(file, "malformed: the body ends in the middle of a value");
        } catch (UnknownKindException e) {
            throw fail(file, e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw fail(file, "invalid contents: " + e.getMessage());
        }
        if (body.hasRemaining()) {
            throw fail(file, "malformed: " + body.remaining() + " unread bytes at the end of the body");
        }
        return checkpoint;
    }

    /** Every check that needs no decoding, in the order that makes each message true. */
    private static ByteBuffer checkedBody(String file, byte[] bytes) throws ModelFileException {
        int prefix = Math.min(bytes.length, MAGIC.length);
        if (!Arrays.equals(bytes, 0, prefix, MAGIC, 0, prefix) || bytes.length == 0) {
            throw fail(file, bytes.length == 0 ? "empty file, not a backprop4j model"
                    : "not a backprop4j model file (wrong magic bytes)");
        }
        if (bytes.length < HEADER_BYTES) {
            throw fail(file, "truncated: " + bytes.length + " bytes, shorter than the " + HEADER_BYTES + "-byte header");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(MAGIC.length);
        int version = in.getInt();
        long bodyLength = in.getLong();
        if (in.getInt() != crc(bytes, 0, HEADER_BYTES - 4)) {
            throw fail(file, "corrupted header (checksum mismatch)");
        }
        if (version > FORMAT_VERSION) {
            throw fail(file, "format version " + version + " is newer than this library reads (up to "
                    + FORMAT_VERSION + "); load it with a newer backprop4j");
        }
        if (version < 1) {
            throw fail(file, "unknown format version " + version);
        }
        if (bodyLength < 0) {
            throw fail(file, "malformed: the header announces a body of " + bodyLength + " bytes");
        }
        if (bodyLength > bytes.length - HEADER_BYTES - TRAILER_BYTES) { // so the sum below cannot overflow
            throw fail(file, "truncated: " + bytes.length + " bytes, the header announces "
                    + HEADER_BYTES + " + " + bodyLength + " + " + TRAILER_BYTES);
        }
        long expectedLength = HEADER_BYTES + bodyLength + TRAILER_BYTES;
        if (bytes.length > expectedLength) {
            throw fail(file, "malformed: " + (bytes.length - expectedLength) + " bytes after the end announced"
                    + " by the header");
        }
        int bodyEnd = HEADER_BYTES + (int) bodyLength;
        if (ByteBuffer.wrap(bytes, bodyEnd, TRAILER_BYTES).getInt() != crc(bytes, HEADER_BYTES, (int) bodyLength)) {
            throw fail(file, "corrupted (checksum mismatch): a byte changed since it was saved");
        }
        return ByteBuffer.wrap(bytes, HEADER_BYTES, (int) bodyLength).slice();
    }

    private static List<Layer> readLayers(String file, ByteBuffer in) throws ModelFileException {
        int count = in.getInt();
        if (count <= 0 || count > in.remaining()) {
            throw fail(file, "malformed: " + count + " layers");
        }
        List<Layer> layers = new ArrayList<>(count);
        long declared = 0; // parameters of the layers so far
        for (int i = 0; i < count; i++) {
            String kind = readString(file, in);
            Class<? extends Layer.Configuration> type = Layer.configurationType(kind);
            if (type == null) {
                throw fail(file, "unknown layer kind '" + kind + "' (layer " + (i + 1) + ")");
            }
            int[] sizesEnd = new int[1];
            Layer.Configuration configuration = readRecord(file, in, type, kind, sizesEnd);
            declared = checkDeclared(file, in.limit() - sizesEnd[0], i + 1, configuration.parameterCount(), declared);
            layers.add(configuration.build());
        }
        return layers;
    }

    /**
     * The parameters declared up to and including a layer of {@code parameters}, after checking
     * that their floats can still follow the layer's sizes ({@code remaining} bytes): a corrupt or
     * crafted size must fail here, not when a network of that size is built.
     */
    private static long checkDeclared(String file, int remaining, int layer, long parameters, long before)
            throws ModelFileException {
        long declared = before + parameters;
        if (parameters > 0 && declared > remaining / Float.BYTES) {
            throw fail(file, String.format(Locale.ROOT, "truncated or corrupt: layer %d declares %,d parameters%s"
                    + " but only %,d bytes follow", layer, parameters,
                    before == 0 ? "" : String.format(Locale.ROOT, " (%,d with the layers before it)", declared),
                    remaining));
        }
        return declared;
    }

    private static void checkArchitecture(String file, List<Layer> found, List<Layer> expected)
            throws ModelFileException {
        for (int i = 0; i < Math.max(found.size(), expected.size()); i++) {
            String f = i < found.size() ? found.get(i).describe() : "nothing";
            String e = i < expected.size() ? expected.get(i).describe() : "nothing";
            if (!f.equals(e)) {
                throw fail(file, "architecture mismatch at layer " + (i + 1) + ": the file has " + f
                        + " where " + e + " is expected (file: " + describe(found) + "; expected: "
                        + describe(expected) + ")");
            }
        }
    }

    /** The architecture as text, e.g. {@code Dense(2, 64, weightL2 5.0E-4) RELU Dense(64, 1) SIGMOID}. */
    public static String describe(List<Layer> layers) {
        StringBuilder sb = new StringBuilder();
        for (Layer l : layers) {
            sb.append(sb.length() == 0 ? "" : " ").append(l.describe());
        }
        return sb.toString();
    }

    /** The rest of the body, after the layers. */
    private static Checkpoint readRest(String file, ByteBuffer in, List<Layer> layers) throws ModelFileException {
        String lossKind = readString(file, in);
        float lossScale = in.getFloat();
        if (lossKind.isEmpty() && lossScale != 1f) {
            throw fail(file, "malformed: a loss scale of " + lossScale + " without a loss");
        }
        float[] parameters = readParameters(file, in, layers);
        int epoch = in.getInt();
        String optimizerName = readString(file, in);
        if (lossKind.isEmpty() != optimizerName.isEmpty()) {
            throw fail(file, "malformed: a loss without an optimizer or the reverse");
        }

        Sequential model = Sequential.of(layers.toArray(new Layer[0]));
        model.setParameters(parameters);
        model.setEpoch(epoch);
        if (!optimizerName.isEmpty()) {
            Loss loss = lossOf(enumConstant(file, Loss.Kind.class, lossKind, "loss"));
            Optimizer optimizer = readSettings(file, in, optimizerName).build();
            long steps = in.getLong();
            optimizer.restore(readFloats(file, in), steps, parameters.length);
            model.compile(lossScale == 1f ? loss : loss.scaled(lossScale), optimizer);
        }
        float[] offsets = readFloats(file, in);
        float[] scales = readFloats(file, in);
        Normalization normalization = offsets.length == 0 && scales.length == 0 ? null : Normalization.of(offsets, scales);
        int classes = in.getInt();
        if (classes < 0 || classes > in.remaining()) {
            throw fail(file, "malformed: " + classes + " class names");
        }
        List<String> classNames = new ArrayList<>(classes);
        for (int i = 0; i < classes; i++) {
            classNames.add(readString(file, in));
        }
        return new Checkpoint(model, normalization, classNames);
    }

    private static Loss lossOf(Loss.Kind kind) {
        switch (kind) {
            case MEAN_SQUARED_ERROR:
                return Loss.mse();
            case BINARY_CROSS_ENTROPY:
                return Loss.binaryCrossEntropy();
            case CATEGORICAL_CROSS_ENTROPY:
                return Loss.categoricalCrossEntropy();
            default:
                throw new AssertionError(kind);
        }
    }

    private static Optimizer.Settings readSettings(String file, ByteBuffer in, String name) throws ModelFileException {
        Class<? extends Optimizer.Settings> type = Optimizer.settingsType(name);
        if (type == null) {
            throw fail(file, "unknown optimizer kind '" + name + "'");
        }
        return readRecord(file, in, type, name, new int[1]);
    }

    /**
     * A record of {@code type} written by {@link #writeRecord}, its components read in
     * declaration order and checked by its canonical constructor. {@code sizesEnd[0]}: the
     * position after its last int component (a layer's sizes), where the message of a size too
     * large for the file counts the bytes that follow from.
     */
    private static <R> R readRecord(String file, ByteBuffer in, Class<R> type, String what, int[] sizesEnd)
            throws ModelFileException {
        sizesEnd[0] = in.position();
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            if (types[i] == float.class) {
                values[i] = in.getFloat();
            } else if (types[i] == int.class) {
                values[i] = in.getInt();
                sizesEnd[0] = in.position();
            } else if (types[i] == boolean.class) {
                byte flag = in.get();
                if (flag != 0 && flag != 1) {
                    throw fail(file, "malformed: the " + what + " flag " + components[i].getName() + " is " + flag
                            + ", not 0 or 1");
                }
                values[i] = flag == 1;
            } else {
                values[i] = readString(file, in);
            }
        }
        try {
            return type.getConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw Records.unchecked(e);
        }
    }

    private static <E extends Enum<E>> E enumConstant(String file, Class<E> type, String name, String what)
            throws ModelFileException {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw fail(file, "unknown " + what + " kind '" + name + "'");
        }
    }

    private static String readString(String file, ByteBuffer in) throws ModelFileException {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw fail(file, "malformed: a string of " + length + " bytes");
        }
        ByteBuffer utf8 = in.slice().limit(length);
        in.position(in.position() + length);
        try { // strictly: a string that would not be written back byte for byte is damage
            return StandardCharsets.UTF_8.newDecoder().decode(utf8).toString();
        } catch (CharacterCodingException e) {
            throw fail(file, "malformed: a string of " + length + " bytes that are not UTF-8");
        }
    }

    /** The parameters, once their count is the one the layers declare. */
    private static float[] readParameters(String file, ByteBuffer in, List<Layer> layers) throws ModelFileException {
        long declared = 0;
        for (Layer layer : layers) {
            declared += layer.configuration().parameterCount();
        }
        int count = in.getInt();
        if (count != declared) {
            throw fail(file, "malformed: the layers declare " + declared + " parameters, the file holds " + count);
        }
        return readFloats(file, in, count);
    }

    private static float[] readFloats(String file, ByteBuffer in) throws ModelFileException {
        return readFloats(file, in, in.getInt());
    }

    private static float[] readFloats(String file, ByteBuffer in, int count) throws ModelFileException {
        if (count < 0 || count > in.remaining() / Float.BYTES) {
            throw fail(file, "malformed: an array of " + count + " floats");
        }
        float[] values = new float[count];
        in.asFloatBuffer().get(values);
        in.position(in.position() + count * Float.BYTES);
        return values;
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    private static ModelFileException fail(String file, String message) {
        return new ModelFileException(file + ": " + message);
    }
}
