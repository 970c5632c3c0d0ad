package org.backprop4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.backprop4j.data.Csv;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.FashionMnist;
import org.backprop4j.data.Normalization;
import org.backprop4j.data.Normalizer;
import org.backprop4j.data.Spirals;
import org.backprop4j.io.Checkpoint;
import org.backprop4j.train.Sequential;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options that say which data to use ({@code --data} and friends), shared by train and evaluate. */
final class DataOptions {
    /**
     * The built-in data set: nnfs's spiral_data(100, 2), drawn as the book draws it from numpy's
     * stream seeded --seed: training spiral, the initial weights, validation spiral
     * ({@link Spirals#nnfs}). Seed 0 and one hidden layer of 64 are the book's own run.
     */
    static final int SPIRAL_POINTS_PER_CLASS = 100;
    static final int SPIRAL_CLASSES = 2;
    static final int SPIRAL_FEATURES = 2;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "SOURCE", defaultValue = "spiral",
            description = "spiral (built-in nnfs spirals), fashion-mnist, or csv:FILE (train's default: ${DEFAULT-VALUE};"
                    + " evaluate's: the built-in data set the model's inputs and classes are those of)")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where the Fashion-MNIST files are"
            + " (default: ${DEFAULT-VALUE}, Debian's dataset-fashion-mnist)")
    Path dataDir = FashionMnist.DEBIAN_DIRECTORY;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "the label column of a CSV file: its header name, or its index counting from 0")
    String label;

    @Option(names = "--no-header", description = "the CSV file's first line is data, not column names")
    boolean noHeader;

    enum Kind { SPIRAL, FASHION_MNIST, CSV }

    Kind kind() {
        if (data.equals("spiral")) {
            return Kind.SPIRAL;
        }
        if (data.equals("fashion-mnist")) {
            return Kind.FASHION_MNIST;
        }
        if (data.startsWith("csv:") && data.length() > 4) {
            return Kind.CSV;
        }
        throw usage("--data must be spiral, fashion-mnist or csv:FILE, not '" + data + "'");
    }

    /**
     * What training runs on: training rows, the rows it validates on after each epoch (and their
     * name, "test" when they are a data set's test part), an optional test part evaluated at the
     * end, the class names, and the normalisation fitted on the training rows, all already applied.
     */
    record TrainingData(Dataset train, Dataset validation, String validationName, Dataset test,
                        List<String> classNames, Normalizer normalizer, Normalization normalization,
                        List<float[]> initialWeights) {

        /** The data normalised with {@code norm} (null: none), e.g. one fitted by {@link #normalizer}. */
        TrainingData normalized(Normalization norm) {
            return new TrainingData(apply(norm, train), apply(norm, validation), validationName, apply(norm, test),
                    classNames, normalizer, norm, initialWeights);
        }

        /** The normalisation this data set's normaliser fits on the training rows, or null for none. */
        Normalization fit() {
            return normalizer == null ? null : normalizer.fit(train);
        }
    }

    /**
     * Loads the training data. The validation rows are {@code validationSplit} of them when given
     * (0 for none); by default the data set's own held-out part (a fresh spiral draw, or
     * Fashion-MNIST's test set), or 20% of a CSV file. The data are not normalised yet: see
     * {@link TrainingData#normalized}. {@code hidden} are the model's hidden widths (the spiral
     * draws its initial weights between its training and validation sets).
     */
    TrainingData forTraining(Double validationSplit, long seed, int[] hidden) throws IOException {
        Dataset all;
        Dataset heldOut = null;
        List<String> classNames = List.of();
        Normalizer normalizer = null;
        List<float[]> initialWeights = List.of();
        switch (kind()) {
            case SPIRAL: // the nnfs book's draw: training spiral, initial weights, validation spiral
                Spirals.NnfsDraw draw = Spirals.nnfs(SPIRAL_POINTS_PER_CLASS, SPIRAL_CLASSES, spiralSeed(seed),
                        Models.classifierWidths(SPIRAL_FEATURES, SPIRAL_CLASSES, hidden));
                all = draw.train();
                heldOut = draw.test();
                initialWeights = draw.weights();
                break;
            case FASHION_MNIST:
                FashionMnist.TrainTest tt = FashionMnist.load(dataDir);
                all = tt.train();
                heldOut = tt.test();
                classNames = FashionMnist.CLASS_NAMES;
                normalizer = Normalizer.pixels();
                break;
            default:
                Csv.Table table = readTrainingCsv();
                all = table.dataset();
                classNames = table.classNames();
                normalizer = Normalizer.standardize();
        }
        double fraction = validationSplit != null ? validationSplit : heldOut != null ? 0 : 0.2;
        if (fraction < 0 || fraction >= 1) {
            throw usage("--val-split must be in [0, 1), got " + fraction);
        }
        Dataset train = all;
        Dataset validation = heldOut;
        Dataset test = null;
        if (fraction > 0) {
            Dataset.Split split = all.split(fraction, seed);
            train = split.train();
            validation = split.validation();
            test = heldOut;
        }
        String validationName = validation == heldOut && kind() == Kind.FASHION_MNIST ? "test" : "validation";
        return new TrainingData(train, validation, validationName, test, classNames, normalizer, null, initialWeights);
    }

    /**
     * The labelled rows to evaluate a model on: the spiral train validated on (for a model with
     * {@code weightCount} Dense weights), Fashion-MNIST's test set, or a whole CSV file read with
     * the model's classes; not normalised.
     */
    Dataset forEvaluation(List<String> classNames, boolean regression, long seed, long weightCount)
            throws IOException {
        Dataset data;
        switch (kind()) {
            case SPIRAL:
                data = Spirals.nnfsTestSet(SPIRAL_POINTS_PER_CLASS, SPIRAL_CLASSES, spiralSeed(seed), weightCount);
                break;
            case FASHION_MNIST:
                data = FashionMnist.load(dataDir).test();
                break;
            default:
                Csv csv = labelled(csv());
                data = regression ? csv.regression().read(csvFile()).dataset()
                        : classNames.isEmpty() ? csv.read(csvFile()).dataset() : withClasses(csv.read(csvFile()), classNames);
        }
        return data;
    }

    /** At most this many classes are listed in a message; the rest are counted. */
    private static final int LISTED_CLASSES = 30;

    /**
     * {@code table}'s rows with the model's class indices: a label is one of {@code classNames},
     * or else a class index from 0 (as Fashion-MNIST's CSV exports write them).
     */
    private Dataset withClasses(Csv.Table table, List<String> classNames) {
        Dataset read = table.dataset();
        int[] classOf = new int[table.classNames().size()];
        for (int k = 0; k < classOf.length; k++) {
            String label = table.classNames().get(k);
            classOf[k] = classNames.indexOf(label);
            if (classOf[k] < 0 && label.matches("\\d{1,9}") && Integer.parseInt(label) < classNames.size()) {
                classOf[k] = Integer.parseInt(label);
            }
        }
        int[] labels = new int[read.rows()];
        for (int r = 0; r < labels.length; r++) {
            labels[r] = classOf[read.label(r)];
            if (labels[r] < 0) {
                throw new IllegalArgumentException(data + ": row " + (r + 1) + ": label '" + table.classNames().get(read.label(r))
                        + "' is neither a class of the model nor a class index; the classes are " + list(classNames));
            }
        }
        return Dataset.classification(read.featureData(), read.features(), labels, classNames.size());
    }

    /** "0 name, 1 name, …", whole names only: the first {@value #LISTED_CLASSES}, then how many there are. */
    private static String list(List<String> classNames) {
        List<String> shown = new ArrayList<>();
        for (int k = 0; k < Math.min(classNames.size(), LISTED_CLASSES); k++) {
            shown.add(classNames.get(k).equals(Integer.toString(k)) ? classNames.get(k) : k + " " + classNames.get(k));
        }
        return String.join(", ", shown) + (classNames.size() > LISTED_CLASSES ? ", … (" + classNames.size() + " classes)" : "");
    }

    /**
     * The built-in data set a saved model was trained on, judged from what its file records (its
     * input width, class names and normalisation; the file does not name the data set), or null
     * when it is not one of them.
     */
    static String builtInDataOf(Checkpoint checkpoint) {
        Sequential model = checkpoint.model();
        int inputs = model.network().inputs();
        if (inputs == SPIRAL_FEATURES && model.network().outputs() == 1 && checkpoint.classNames().isEmpty()
                && checkpoint.normalization() == null && !Models.isRegression(model)) {
            return "spiral";
        }
        if (inputs == 28 * 28 && checkpoint.classNames().equals(FashionMnist.CLASS_NAMES)) {
            return "fashion-mnist";
        }
        return null;
    }

    /** Reads the CSV as classes, or as regression targets when every label is a number and some are fractions. */
    private Csv.Table readTrainingCsv() throws IOException {
        Csv csv = labelled(csv());
        Csv.Table table = csv.read(csvFile());
        if (!table.classNames().isEmpty() && table.classNames().stream().allMatch(DataOptions::isNumber)
                && !table.classNames().stream().allMatch(name -> name.matches("-?\\d+"))) {
            table = csv.regression().read(csvFile());
        }
        if (table.dataset().hasClassLabels() && table.dataset().classes() < 2) {
            throw new IllegalArgumentException(csvFile() + ": the label column holds only one class, "
                    + table.classNames());
        }
        return table;
    }

    /** A CSV reader for unlabelled inputs (no --label) or labelled ones. */
    Csv csv() {
        return noHeader ? Csv.withoutHeader() : Csv.withHeader();
    }

    private Csv labelled(Csv csv) {
        if (label == null) {
            throw usage("--label COLUMN is needed with --data csv:FILE");
        }
        return withLabel(csv, label, noHeader);
    }

    /** {@code csv} reading {@code label} as the label column: an index (from 0) if all digits, else a header name. */
    static Csv withLabel(Csv csv, String label, boolean noHeader) {
        if (label.matches("\\d+")) {
            return csv.labelColumn(Integer.parseInt(label));
        }
        if (noHeader) {
            throw new IllegalArgumentException("--label " + label
                    + ": a file without a header has no column names; give the label column's index (from 0)");
        }
        return csv.labelColumn(label);
    }

    Path csvFile() {
        return Path.of(data.substring("csv:".length()));
    }

    /** The spiral's seed is numpy's, which takes 32 bits. */
    private long spiralSeed(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw usage("--seed for the spiral data is numpy's seed, in [0, 4294967295]; got " + seed);
        }
        return seed;
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static boolean isNumber(String s) {
        try {
            return Float.isFinite(Float.parseFloat(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Dataset apply(Normalization norm, Dataset data) {
        return norm == null || data == null ? data : norm.apply(data);
    }
}
