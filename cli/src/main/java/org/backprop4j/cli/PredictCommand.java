package org.backprop4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.backprop4j.data.Csv;
import org.backprop4j.data.Dataset;
import org.backprop4j.io.Checkpoint;
import org.backprop4j.io.ModelFile;
import org.backprop4j.train.Sequential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code predict}: a saved model's outputs for the rows of a CSV file, as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        usageHelpWidth = Main.HELP_WIDTH,
        description = {
            "Predicts with a saved model: CSV in, CSV out.",
            "",
            "One line per input row: for a classifier the class index, its name and the probability of each class;"
                    + " for regression the predicted values. The input columns are the model's features (a --label"
                    + " column, if any, is ignored); the model's saved normalisation is applied to them.",
            ""})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "a model file written by train --save")
    Path modelFile;

    @Parameters(index = "1", paramLabel = "INPUT.csv", description = "the rows to predict")
    Path input;

    @Option(names = "--output", paramLabel = "FILE", description = "write the predictions here instead of to standard output")
    Path output;

    @Option(names = "--label", paramLabel = "COLUMN", description = "a label column of INPUT to ignore (name or index from 0)")
    String label;

    @Option(names = "--no-header", description = "INPUT's first line is data, not column names")
    boolean noHeader;

    @Override
    public Integer call() throws IOException {
        Checkpoint checkpoint = ModelFile.load(modelFile);
        Csv csv = noHeader ? Csv.withoutHeader() : Csv.withHeader();
        Dataset rows = Models.inputs(checkpoint,
                (label == null ? csv : DataOptions.withLabel(csv, label, noHeader)).read(input).dataset(), input);
        Sequential model = checkpoint.model();
        float[] y = model.predict(rows.featureData());
        int width = model.network().outputs();
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            write(out, checkpoint, y, width);
            out.flush();
        } else {
            try (Writer out = new BufferedWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8))) {
                write(out, checkpoint, y, width);
            }
        }
        return 0;
    }

    private static void write(Writer out, Checkpoint checkpoint, float[] y, int width) throws IOException {
        int rows = y.length / width;
        if (Models.isRegression(checkpoint.model())) {
            List<String> header = new ArrayList<>();
            for (int k = 0; k < width; k++) {
                header.add(width == 1 ? "prediction" : "prediction_" + k);
            }
            line(out, header);
            for (int r = 0; r < rows; r++) {
                List<String> fields = new ArrayList<>();
                for (int k = 0; k < width; k++) {
                    fields.add(Float.toString(y[r * width + k]));
                }
                line(out, fields);
            }
            return;
        }
        List<String> names = classNames(checkpoint, width);
        List<String> header = new ArrayList<>(List.of("class", "name"));
        for (String name : names) {
            header.add("p_" + name);
        }
        line(out, header);
        int[] predicted = Models.classes(y, width);
        for (int r = 0; r < rows; r++) {
            List<String> fields = new ArrayList<>(List.of(Integer.toString(predicted[r]), names.get(predicted[r])));
            for (int k = 0; k < names.size(); k++) {
                // one sigmoid output is P(class 1)
                float p = width == 1 ? (k == 1 ? y[r] : 1f - y[r]) : y[r * width + k];
                fields.add(Float.toString(p));
            }
            line(out, fields);
        }
    }

    /** The saved class names, or the class indices as names. */
    static List<String> classNames(Checkpoint checkpoint, int outputs) {
        if (!checkpoint.classNames().isEmpty()) {
            return checkpoint.classNames();
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < Math.max(outputs, 2); k++) {
            names.add(Integer.toString(k));
        }
        return names;
    }

    private static void line(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            boolean quote = f.contains(",") || f.contains("\"");
            out.write((i == 0 ? "" : ",") + (quote ? '"' + f.replace("\"", "\"\"") + '"' : f));
        }
        out.write(System.lineSeparator());
    }
}
