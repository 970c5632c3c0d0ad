package org.backprop4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.backprop4j.data.Dataset;
import org.backprop4j.io.Checkpoint;
import org.backprop4j.io.ModelFile;
import org.backprop4j.train.Evaluation;
import org.backprop4j.train.Sequential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code evaluate}: a saved model's loss and accuracy on labelled data, with a confusion matrix. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        usageHelpWidth = Main.HELP_WIDTH,
        description = {
            "Evaluates a saved model on labelled data.",
            "",
            "Prints accuracy, loss, and for a classifier the confusion matrix. spiral: the held-out spiral train drew"
                    + " with the same seed (its validation set, or its test set after --val-split); fashion-mnist: the"
                    + " test set; csv:FILE: every row, with the model's classes (labels are class names or class"
                    + " indices from 0) and normalisation. Without --data: the built-in data set whose inputs and"
                    + " classes the model has.",
            ""})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "a model file written by train --save")
    Path modelFile;

    @Mixin
    DataOptions data;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "the spiral draw's seed, as given to train (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        data.kind();
        Checkpoint checkpoint = ModelFile.load(modelFile);
        Sequential model = checkpoint.model();
        if (model.loss() == null) {
            throw new IllegalArgumentException(modelFile + " holds a model that was never compiled: it has no loss to evaluate");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!spec.commandLine().getParseResult().hasMatchedOption("--data")) {
            data.data = DataOptions.builtInDataOf(checkpoint);
            if (data.data == null) {
                throw new ParameterException(spec.commandLine(), "--data is needed: " + modelFile + " takes "
                        + model.network().inputs() + " inputs, not those of a built-in data set (a model file does not record"
                        + " its data), e.g. --data csv:FILE --label COLUMN");
            }
            out.println("data     " + data.data + " (the model's inputs and classes are its; --data chooses others)");
        }
        boolean regression = Models.isRegression(model);
        Dataset d = Models.inputs(checkpoint, data.forEvaluation(checkpoint.classNames(), regression, seed, Models.weightCount(model)), data.data);
        Evaluation e = Models.evaluate(model, d);
        out.println("samples  " + e.samples());
        if (regression) {
            out.printf(Locale.ROOT, "loss     %.6f (mean squared error)%n", e.dataLoss());
            return 0;
        }
        out.printf(Locale.ROOT, "accuracy %.4f%nloss     %.4f%n", e.accuracy(), e.dataLoss());
        int outputs = model.network().outputs();
        List<String> names = PredictCommand.classNames(checkpoint, outputs);
        int[] predicted = Models.classes(model.predict(d.featureData()), outputs);
        long[][] counts = new long[names.size()][names.size()];
        for (int r = 0; r < predicted.length; r++) {
            counts[d.label(r)][predicted[r]]++;
        }
        printConfusionMatrix(out, names, counts);
        return 0;
    }

    /** Rows: true class ("index name"); columns: predicted class index. */
    static void printConfusionMatrix(PrintWriter out, List<String> names, long[][] counts) {
        int nameWidth = "true \\ predicted".length();
        int cell = 3;
        for (int k = 0; k < names.size(); k++) {
            nameWidth = Math.max(nameWidth, rowLabel(k, names).length());
            for (long c : counts[k]) {
                cell = Math.max(cell, Long.toString(c).length());
            }
        }
        out.println("confusion matrix (rows: true class, columns: predicted class)");
        StringBuilder header = new StringBuilder(pad("true \\ predicted", -nameWidth));
        for (int k = 0; k < names.size(); k++) {
            header.append(' ').append(pad(Integer.toString(k), cell));
        }
        out.println(header);
        for (int t = 0; t < names.size(); t++) {
            StringBuilder row = new StringBuilder(pad(rowLabel(t, names), -nameWidth));
            for (long c : counts[t]) {
                row.append(' ').append(pad(Long.toString(c), cell));
            }
            out.println(row);
        }
    }

    /** "index name", or the index alone when the class has no name but its index. */
    private static String rowLabel(int k, List<String> names) {
        String index = Integer.toString(k);
        return names.get(k).equals(index) ? index : index + " " + names.get(k);
    }

    /** Right-aligned in {@code width} characters; left-aligned for a negative width. */
    private static String pad(String s, int width) {
        return String.format(Locale.ROOT, "%" + width + "s", s);
    }
}
