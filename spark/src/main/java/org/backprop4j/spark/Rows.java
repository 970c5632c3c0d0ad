package org.backprop4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.backprop4j.train.BatchPlan;

/**
 * Training rows as float blocks: each input partition read once into a {@link Chunk} (checking
 * every value), then cut and regrouped into the plan's blocks by global row index.
 */
final class Rows {
    /** What to do when the DataFrame gives other rows when Spark recomputes them. */
    static final String DETERMINISTIC = "Training needs the same rows each time: make the DataFrame deterministic"
            + " (no unseeded sampling, no source that changes), or checkpoint it (Dataset.checkpoint) before fit.";

    private Rows() {
    }

    // Classes, not records: what crosses Spark's serializer (shuffled pieces, spilled blocks, task
    // results) may go through Kryo (spark.serializer), which cannot create a record.

    /** Rows as floats: features {@code x}, row after row, and class labels or regression targets. */
    abstract static class Data implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int rows;
        private final float[] x;
        private final int[] labels;
        private final float[] targets;

        Data(int rows, float[] x, int[] labels, float[] targets) {
            this.rows = rows;
            this.x = x;
            this.labels = labels;
            this.targets = targets;
        }

        int rows() {
            return rows;
        }

        float[] x() {
            return x;
        }

        int[] labels() {
            return labels;
        }

        float[] targets() {
            return targets;
        }
    }

    /** Rows of one input partition, or the first problem found in them. */
    static final class Chunk extends Data {
        private static final long serialVersionUID = 1L;
        private final int partition;
        private final String problem;

        Chunk(int partition, int rows, float[] x, int[] labels, float[] targets, String problem) {
            super(rows, x, labels, targets);
            this.partition = partition;
            this.problem = problem;
        }

        int partition() {
            return partition;
        }

        String problem() {
            return problem;
        }
    }

    /** Rows [first, first + rows) of the whole data, part of one block. */
    static final class Piece extends Data {
        private static final long serialVersionUID = 1L;
        private final long first;

        Piece(long first, int rows, float[] x, int[] labels, float[] targets) {
            super(rows, x, labels, targets);
            this.first = first;
        }

        long first() {
            return first;
        }
    }

    /**
     * One block: its rows in global order. {@code id} is new each time the block is assembled
     * (a recomputed block is another), and survives serialisation (a block read back from disk is
     * the same), so executors know when to rebuild what they keep for it.
     */
    static final class Block extends Data {
        private static final long serialVersionUID = 1L;
        private final long id;
        private final int index;

        Block(long id, int index, int rows, float[] x, int[] labels, float[] targets) {
            super(rows, x, labels, targets);
            this.id = id;
            this.index = index;
        }

        long id() {
            return id;
        }

        int index() {
            return index;
        }

        /** A hash of the rows, to tell whether a recomputed block holds the same. */
        long checksum() {
            long h = rows();
            h = 31 * h + Arrays.hashCode(x());
            h = 31 * h + Arrays.hashCode(labels());
            return 31 * h + Arrays.hashCode(targets());
        }
    }

    /**
     * Reads partition {@code partition}: column 0 an ML Vector of {@code inputs} values, column 1 a
     * double label: a class index below {@code classes}, or any finite value when classes is 0.
     * Stops at the first problem and names it; never throws for bad data.
     */
    static Chunk read(int partition, Iterator<Row> it, int inputs, int classes, String featuresCol, String labelCol) {
        float[] x = new float[inputs * 64];
        double[] y = new double[64];
        int n = 0;
        while (it.hasNext()) {
            Row row = it.next();
            String where = " at row " + n + " of input partition " + partition;
            if (row.isNullAt(0)) {
                return problem(partition, "column '" + featuresCol + "' is null" + where);
            }
            Vector v = (Vector) row.get(0);
            if (v.size() != inputs) {
                return problem(partition, "column '" + featuresCol + "' holds a vector of " + v.size() + " values" + where
                        + "; the network's first layer takes " + inputs);
            }
            if (row.isNullAt(1)) {
                return problem(partition, "column '" + labelCol + "' is null" + where);
            }
            double label = row.getDouble(1);
            if (classes > 0 && !(label >= 0 && label < classes && label == Math.rint(label))) {
                return problem(partition, "column '" + labelCol + "' holds " + label + where + "; a classifier with "
                        + classes + " outputs takes the labels 0 to " + (classes - 1));
            }
            if (!Double.isFinite(label) || Math.abs(label) > Float.MAX_VALUE) {
                return problem(partition, "column '" + labelCol + "' holds " + label + where);
            }
            if ((long) (n + 1) * inputs > Integer.MAX_VALUE - 8) {
                return problem(partition, "input partition " + partition + " has more rows than one Java array holds"
                        + " (" + inputs + " floats each); repartition the data into more partitions");
            }
            if ((n + 1) * inputs > x.length) {
                x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 8, 2L * x.length));
                y = Arrays.copyOf(y, x.length / inputs);
            }
            int base = n * inputs;
            for (int j = 0; j < inputs; j++) {
                double value = v.apply(j);
                if (!Double.isFinite(value) || Math.abs(value) > Float.MAX_VALUE) {
                    return problem(partition, "column '" + featuresCol + "' holds " + value + " in element " + j + where);
                }
                x[base + j] = (float) value;
            }
            y[n++] = label;
        }
        float[] features = Arrays.copyOf(x, n * inputs);
        if (classes > 0) {
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (int) y[i];
            }
            return new Chunk(partition, n, features, labels, null, null);
        }
        float[] targets = new float[n];
        for (int i = 0; i < n; i++) {
            targets[i] = (float) y[i];
        }
        return new Chunk(partition, n, features, null, targets, null);
    }

    static Chunk problem(int partition, String message) {
        return new Chunk(partition, 0, null, null, null, message);
    }

    /** Chunk c (its rows start at global row {@code first}) cut at the plan's block boundaries: (block, piece) pairs. */
    static List<scala.Tuple2<Integer, Piece>> cut(Chunk c, long first, BatchPlan plan, int inputs) {
        List<scala.Tuple2<Integer, Piece>> pieces = new ArrayList<>();
        long end = first + c.rows();
        for (int p = blockOf(first, plan); p < plan.blocks() && plan.blockStart(p) < end; p++) {
            long from = Math.max(first, plan.blockStart(p));
            long to = Math.min(end, plan.blockStart(p + 1));
            int a = (int) (from - first);
            int b = (int) (to - first);
            pieces.add(new scala.Tuple2<>(p, new Piece(from, b - a, Arrays.copyOfRange(c.x(), a * inputs, b * inputs),
                    c.labels() == null ? null : Arrays.copyOfRange(c.labels(), a, b),
                    c.targets() == null ? null : Arrays.copyOfRange(c.targets(), a, b))));
        }
        return pieces;
    }

    private static int blockOf(long row, BatchPlan plan) {
        int p = (int) (row * plan.blocks() / plan.rows());
        while (p > 0 && plan.blockStart(p) > row) {
            p--;
        }
        while (p + 1 < plan.blocks() && plan.blockStart(p + 1) <= row) {
            p++;
        }
        return p;
    }

    /** Block {@code index} from its pieces, in global row order. */
    static Block assemble(int index, Iterator<Piece> it, int inputs, int rows) {
        List<Piece> pieces = new ArrayList<>();
        it.forEachRemaining(pieces::add);
        pieces.sort((a, b) -> Long.compare(a.first(), b.first()));
        float[] x = new float[Math.multiplyExact(rows, inputs)];
        boolean classes = !pieces.isEmpty() && pieces.get(0).labels() != null;
        int[] labels = classes ? new int[rows] : null;
        float[] targets = classes ? null : new float[rows];
        int n = 0;
        for (Piece piece : pieces) {
            System.arraycopy(piece.x(), 0, x, n * inputs, piece.rows() * inputs);
            if (classes) {
                System.arraycopy(piece.labels(), 0, labels, n, piece.rows());
            } else {
                System.arraycopy(piece.targets(), 0, targets, n, piece.rows());
            }
            n += piece.rows();
        }
        if (n != rows) {
            throw new IllegalStateException("block " + index + " received " + n + " rows, expected " + rows + ":"
                    + " Spark recomputed rows from the DataFrame (after a lost executor or an evicted cache), which"
                    + " gave other rows. " + DETERMINISTIC);
        }
        return new Block(ThreadLocalRandom.current().nextLong(), index, rows, x, labels, targets);
    }
}
