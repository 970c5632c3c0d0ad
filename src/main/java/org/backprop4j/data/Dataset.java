package org.backprop4j.data;

import java.util.Arrays;

/**
 * A data set in memory: a row-major feature matrix ({@link #rows()} × {@link #features()}) and,
 * optionally, one label per row: a class index in {@code [0, classes)} for classification, or
 * {@link #targetWidth()} float targets for regression.
 *
 * <p><b>Ownership.</b> Data sets can be large (Fashion-MNIST is 188 MB of floats), so arrays are
 * never copied needlessly: the factories take ownership of the arrays they are given (the caller
 * must not change them afterwards), and {@link #featureData()}, {@link #labels()} and
 * {@link #targets()} return the data set's own arrays, which callers must treat as read-only.
 * Operations that reorder or cut rows ({@link #shuffled}, {@link #split}, {@link #slice}) return
 * new data sets with new arrays.
 *
 * <p>Construction rejects inconsistent shapes, class indices out of range, and NaN or infinite
 * values, naming the row and column.
 */
public final class Dataset {
    private final float[] x;
    private final int rows;
    private final int features;
    private final int[] labels;      // class indices, or null
    private final int classes;       // 0 unless labels != null
    private final float[] targets;   // rows × targetWidth, or null
    private final int targetWidth;   // 0 unless targets != null

    /** Trusted: arguments already checked (by a factory, or because they come from a checked data set). */
    private Dataset(float[] x, int features, int[] labels, int classes, float[] targets, int targetWidth) {
        this.x = x;
        this.features = features;
        this.rows = x.length / features;
        this.labels = labels;
        this.classes = classes;
        this.targets = targets;
        this.targetWidth = targetWidth;
    }

    /**
     * A classification data set.
     *
     * @param features row-major, {@code labels.length × featureCount} values; owned by the result
     * @param featureCount values per row, at least 1
     * @param labels one class index per row, each in {@code [0, classes)}; owned by the result
     * @param classes the number of classes, at least 1
     * @throws IllegalArgumentException on inconsistent shapes, a label out of range, or a NaN or
     *     infinite feature
     */
    public static Dataset classification(float[] features, int featureCount, int[] labels, int classes) {
        int rows = checkFeatures(features, featureCount);
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, got " + classes);
        }
        if (labels.length != rows) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries but features has "
                    + rows + " rows");
        }
        for (int r = 0; r < rows; r++) {
            if (labels[r] < 0 || labels[r] >= classes) {
                throw new IllegalArgumentException("label " + labels[r] + " at row " + r
                        + " (0-based) is not a class: expected 0.." + (classes - 1));
            }
        }
        return new Dataset(features, featureCount, labels, classes, null, 0);
    }

    /**
     * A regression data set.
     *
     * @param features row-major, rows × featureCount values; owned by the result
     * @param featureCount values per row, at least 1
     * @param targets row-major, rows × targetWidth values; owned by the result
     * @param targetWidth targets per row, at least 1
     * @throws IllegalArgumentException on inconsistent shapes or a NaN or infinite value
     */
    public static Dataset regression(float[] features, int featureCount, float[] targets, int targetWidth) {
        int rows = checkFeatures(features, featureCount);
        if (targetWidth < 1) {
            throw new IllegalArgumentException("targetWidth must be >= 1, got " + targetWidth);
        }
        if (targets.length != (long) rows * targetWidth) {
            throw new IllegalArgumentException("targets has " + targets.length + " values but " + rows
                    + " rows × targetWidth " + targetWidth + " needs " + (long) rows * targetWidth);
        }
        checkFinite("target", targets, targetWidth);
        return new Dataset(features, featureCount, null, 0, targets, targetWidth);
    }

    /** Features only, e.g. inputs to predict on. {@code features} is owned by the result. */
    public static Dataset unlabelled(float[] features, int featureCount) {
        checkFeatures(features, featureCount);
        return new Dataset(features, featureCount, null, 0, null, 0);
    }

    private static int checkFeatures(float[] x, int featureCount) {
        if (featureCount < 1) {
            throw new IllegalArgumentException("featureCount must be >= 1, got " + featureCount);
        }
        if (x.length % featureCount != 0) {
            throw new IllegalArgumentException("features has " + x.length + " values, not a multiple of "
                    + "featureCount " + featureCount);
        }
        checkFinite("feature", x, featureCount);
        return x.length / featureCount;
    }

    private static void checkFinite(String what, float[] values, int width) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " at row " + i / width + ", column " + i % width
                        + " (0-based) is " + values[i] + "; only finite values are allowed");
            }
        }
    }

    /** Number of rows (samples). */
    public int rows() {
        return rows;
    }

    /** Number of features per row. */
    public int features() {
        return features;
    }

    /** The row-major feature matrix, rows × features; the data set's own array, read-only by contract. */
    public float[] featureData() {
        return x;
    }

    /** Feature {@code column} of row {@code row}. */
    public float feature(int row, int column) {
        if (column < 0 || column >= features) {
            throw new IndexOutOfBoundsException("column " + column + " outside [0, " + features + ")");
        }
        if (row < 0 || row >= rows) { // row × features could wrap around to another row's index
            throw new IndexOutOfBoundsException("row " + row + " outside [0, " + rows + ")");
        }
        return x[row * features + column];
    }

    /** Whether rows carry class indices ({@link #labels()}). */
    public boolean hasClassLabels() {
        return labels != null;
    }

    /** Whether rows carry float targets ({@link #targets()}). */
    public boolean hasTargets() {
        return targets != null;
    }

    /** The class index of each row; the data set's own array, read-only by contract. */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException("this data set has no class labels (" + this + ")");
        }
        return labels;
    }

    /** The class index of one row. */
    public int label(int row) {
        return labels()[row];
    }

    /** Number of classes; 0 when the data set has no class labels. */
    public int classes() {
        return classes;
    }

    /** The row-major targets, rows × targetWidth; the data set's own array, read-only by contract. */
    public float[] targets() {
        if (targets == null) {
            throw new IllegalStateException("this data set has no float targets (" + this + ")");
        }
        return targets;
    }

    /** Targets per row; 0 when the data set has no float targets. */
    public int targetWidth() {
        return targetWidth;
    }

    /**
     * The rows in a random order fixed by {@code seed}: a Fisher–Yates shuffle driven by SeededRandom
     * (the algorithm of {@link java.util.SplittableRandom}, implemented in this package so that the
     * order is the same on every JDK).
     */
    public Dataset shuffled(long seed) {
        return select(new SeededRandom(seed).permutation(rows), 0, rows);
    }

    /** A train/validation pair. */
    public record Split(Dataset train, Dataset validation) {
    }

    /**
     * Shuffles the rows as {@link #shuffled(long)} does, then puts the last
     * {@code round(rows × validationFraction)} of them in the validation part and the rest in the
     * training part.
     *
     * @throws IllegalArgumentException unless {@code 0 < validationFraction < 1} and both parts get
     *     at least one row
     */
    public Split split(double validationFraction, long seed) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + validationFraction);
        }
        int validationRows = (int) Math.round(rows * validationFraction);
        int trainRows = rows - validationRows;
        if (validationRows == 0 || trainRows == 0) {
            throw new IllegalArgumentException("validationFraction " + validationFraction + " of " + rows
                    + " rows leaves " + trainRows + " training and " + validationRows + " validation rows;"
                    + " both need at least one");
        }
        int[] order = new SeededRandom(seed).permutation(rows);
        return new Split(select(order, 0, trainRows), select(order, trainRows, rows));
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") outside [0, " + rows + "]");
        }
        return new Dataset(
                Arrays.copyOfRange(x, from * features, to * features), features,
                labels == null ? null : Arrays.copyOfRange(labels, from, to), classes,
                targets == null ? null : Arrays.copyOfRange(targets, from * targetWidth, to * targetWidth),
                targetWidth);
    }

    /** The rows {@code order[from..to)}, gathered into new arrays. */
    private Dataset select(int[] order, int from, int to) {
        int n = to - from;
        float[] nx = new float[n * features];
        int[] nl = labels == null ? null : new int[n];
        float[] nt = targets == null ? null : new float[n * targetWidth];
        for (int i = 0; i < n; i++) {
            int r = order[from + i];
            System.arraycopy(x, r * features, nx, i * features, features);
            if (nl != null) {
                nl[i] = labels[r];
            }
            if (nt != null) {
                System.arraycopy(targets, r * targetWidth, nt, i * targetWidth, targetWidth);
            }
        }
        return new Dataset(nx, features, nl, classes, nt, targetWidth);
    }

    /** The same labels with new features of the same shape (checked by the caller). */
    Dataset withFeatureData(float[] newFeatures) {
        return new Dataset(newFeatures, features, labels, classes, targets, targetWidth);
    }

    @Override
    public String toString() {
        String labelling = labels != null ? classes + " classes"
                : targets != null ? targetWidth + " target" + (targetWidth == 1 ? "" : "s") : "unlabelled";
        return "Dataset[" + rows + " rows × " + features + " features, " + labelling + "]";
    }
}
