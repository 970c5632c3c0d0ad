package org.backprop4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.backprop4j.io.Checkpoint;
import org.backprop4j.io.ModelFile;
import org.backprop4j.train.Sequential;

/**
 * What both models share: the network as model-file bytes (decoded once per JVM), batched
 * prediction over a partition, and ML persistence with the network in backprop4j's own file.
 */
final class Models {
    /** Where in a saved model's directory the network's model file lies: readable by the plain library. */
    static final String NETWORK_FILE = "data/network.bp4j";
    /** Rows per predict call in transform. */
    private static final int BATCH_ROWS = 1024;
    private static final ConcurrentHashMap<String, Sequential> DECODED = new ConcurrentHashMap<>();

    private Models() {
    }

    static byte[] bytes(Sequential model) {
        try {
            return ModelFile.toBytes(Checkpoint.of(model));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key for the bytes (their SHA-256): equal networks share one decoded model per JVM. */
    static String key(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** One row's features as floats, checked to be {@code inputs} of them. */
    static float[] row(Vector features, int inputs) {
        if (features.size() != inputs) {
            throw new IllegalArgumentException("a features vector of " + features.size()
                    + " values; the model takes vectors of " + inputs);
        }
        float[] x = new float[inputs];
        for (int j = 0; j < inputs; j++) {
            x[j] = (float) features.apply(j);
        }
        return x;
    }

    /** The model these bytes hold, decoded once per JVM and key ({@link Sequential#predict} is thread-safe). */
    static Sequential decoded(String key, byte[] bytes) {
        Sequential m = DECODED.get(key);
        if (m == null) {
            if (DECODED.size() > 32) { // a long-lived executor serving many models: start over
                DECODED.clear();
            }
            m = decodedCopy(bytes);
            DECODED.put(key, m);
        }
        return m;
    }

    /** A model of its own, decoded from the bytes. */
    static Sequential decodedCopy(byte[] bytes) {
        try {
            return ModelFile.fromBytes(bytes, "the model's network").model();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns one row's network output into the value of an added column. */
    interface Column extends java.io.Serializable {
        Object value(float[] out, int offset, int width);
    }

    /**
     * {@code dataset} with the columns of {@code schema} that it lacks, each from its
     * {@link Column}, predicted {@link #BATCH_ROWS} rows at a time per partition.
     */
    static Dataset<Row> transform(Dataset<?> dataset, StructType schema, String featuresCol, byte[] bytes,
                                  java.util.Map<String, Column> columns) {
        Dataset<Row> df = dataset.toDF();
        int inputFields = df.schema().fields().length;
        int features = df.schema().fieldIndex(featuresCol);
        List<Column> added = new ArrayList<>();
        for (int i = inputFields; i < schema.fields().length; i++) {
            added.add(columns.get(schema.fields()[i].name()));
        }
        String key = key(bytes);
        return df.mapPartitions((MapPartitionsFunction<Row, Row>) rows ->
                new Predicting(rows, decoded(key, bytes), features, featuresCol, added), Encoders.row(schema));
    }

    /** A partition's rows with the added columns, predicted in batches. */
    private static final class Predicting implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final Sequential model;
        private final int features;
        private final String featuresCol;
        private final List<Column> added;
        private final int inputs;
        private final int outputs;
        private final Row[] batch = new Row[BATCH_ROWS];
        private final float[] x;
        private float[] out;
        private int size;
        private int next;

        Predicting(Iterator<Row> rows, Sequential model, int features, String featuresCol, List<Column> added) {
            this.rows = rows;
            this.model = model;
            this.features = features;
            this.featuresCol = featuresCol;
            this.added = added;
            this.inputs = model.network().inputs();
            this.outputs = model.network().outputs();
            this.x = new float[BATCH_ROWS * inputs];
        }

        @Override
        public boolean hasNext() {
            if (next < size) {
                return true;
            }
            size = 0;
            next = 0;
            while (size < BATCH_ROWS && rows.hasNext()) {
                Row row = rows.next();
                Vector v = row.isNullAt(features) ? null : (Vector) row.get(features);
                if (v == null || v.size() != inputs) {
                    throw new IllegalArgumentException("column '" + featuresCol + "' holds "
                            + (v == null ? "null" : "a vector of " + v.size() + " values")
                            + "; the model takes vectors of " + inputs);
                }
                for (int j = 0; j < inputs; j++) {
                    x[size * inputs + j] = (float) v.apply(j);
                }
                batch[size++] = row;
            }
            if (size == 0) {
                return false;
            }
            out = model.predict(size == BATCH_ROWS ? x : java.util.Arrays.copyOf(x, size * inputs));
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row row = batch[next];
            Object[] values = new Object[row.length() + added.size()];
            for (int i = 0; i < row.length(); i++) {
                values[i] = row.get(i);
            }
            for (int c = 0; c < added.size(); c++) {
                values[row.length() + c] = added.get(c).value(out, next * outputs, outputs);
            }
            batch[next++] = null;
            return RowFactory.create(values);
        }
    }

    /** Saves params metadata as MLlib does, and the network as a backprop4j model file beside it. */
    static void save(Params instance, byte[] bytes, String path, SparkSession spark) {
        DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, spark);
        Path file = new Path(path, NETWORK_FILE);
        try {
            FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (OutputStream out = fs.create(file, true)) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** What {@link #save} wrote: the metadata (to set params on) and the network's bytes, checked. */
    record Saved(DefaultParamsReader.Metadata metadata, byte[] bytes) {
    }

    static Saved load(String path, SparkSession spark, String className) {
        DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, spark, className);
        Path file = new Path(path, NETWORK_FILE);
        try {
            FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
            long length = fs.getFileStatus(file).getLen();
            if (length > Integer.MAX_VALUE - 8) {
                throw new IOException(file + " has " + length + " bytes, more than a model file can");
            }
            byte[] bytes = new byte[(int) length];
            try (InputStream in = fs.open(file)) {
                int n = in.readNBytes(bytes, 0, bytes.length);
                if (n != bytes.length) {
                    throw new IOException(file + " ended after " + n + " of " + length + " bytes");
                }
            }
            ModelFile.fromBytes(bytes, file.toString()); // every check, before a model is made
            return new Saved(metadata, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
