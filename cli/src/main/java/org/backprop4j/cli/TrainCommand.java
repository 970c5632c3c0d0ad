package org.backprop4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Normalization;
import org.backprop4j.io.Checkpoint;
import org.backprop4j.io.CheckpointListener;
import org.backprop4j.io.ModelFile;
import org.backprop4j.io.ModelFileException;
import org.backprop4j.model.Optimizer;
import org.backprop4j.train.Evaluation;
import org.backprop4j.train.FitOptions;
import org.backprop4j.train.History;
import org.backprop4j.train.Progress;
import org.backprop4j.train.Sequential;
import org.backprop4j.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code train}: fits a multi-layer perceptron and reports, saves and plots the result. */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        usageHelpWidth = Main.HELP_WIDTH,
        description = {
            "Trains a dense network (the default command).",
            "",
            "With no options: the nnfs spiral model (2 classes × 100 points, Dense(2,64) ReLU Dense(64,1) sigmoid,"
                    + " L2 5e-4, Adam lr 0.001 decay 5e-7, 10,001 full-batch epochs) on the book's own data, initial"
                    + " weights and test set (numpy's stream, seed 0). The spiral's held-out set is drawn after the"
                    + " initial weights, as in the book, so it depends on --layers as well as --seed.",
            "",
            "Epochs are counted from 1 in all that is printed and plotted (\"after epoch N\": after N epochs)."
                    + " An epoch line's loss and acc are means over the epoch's batches while the weights change,"
                    + " the loss with the L2 penalty if any; val_loss and val_acc are on the held-out set after the"
                    + " epoch. The lines after training evaluate each whole set with the final weights (data loss,"
                    + " no penalty).",
            "",
            "Defaults per data set:",
            "  spiral         --layers 64  --epochs 10001  --batch all  --lr 0.001",
            "  fashion-mnist  --layers 256,128  --epochs 5  --batch 128  --lr 0.001;",
            "                 pixels/255; validates on the test set unless --val-split",
            "  csv:FILE       --layers 64  --epochs 100  --batch 32  --lr 0.001;",
            "                 features standardised on the training part; --val-split 0.2;",
            "                 labels are classes unless some are fractions (regression)",
            ""})
final class TrainCommand implements Callable<Integer> {

    /**
     * What differs between the data sets when the user does not say. Initial weights: the spiral
     * draws nnfs's 0.01·randn from its own stream; otherwise the layers' defaults (He for ReLU,
     * else Glorot) from --seed.
     */
    private record Defaults(int[] layers, float l2, int epochs, int batch, float lr, float decay) {
        static Defaults of(DataOptions.Kind kind) {
            switch (kind) {
                case SPIRAL: // nnfs ch. 16; batch 0 = the whole data set
                    return new Defaults(new int[] {64}, 5e-4f, 10_001, 0, 1e-3f, 5e-7f);
                case FASHION_MNIST:
                    return new Defaults(new int[] {256, 128}, 0f, 5, 128, 1e-3f, 0f);
                default:
                    return new Defaults(new int[] {64}, 0f, 100, 32, 1e-3f, 0f);
            }
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--layers", split = ",", paramLabel = "N", description = "hidden layer widths, e.g. 256,128")
    int[] layers;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "relu",
            description = "hidden activation: relu, leaky-relu, tanh, sigmoid (default: ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--epochs", paramLabel = "N", description = "epochs to train (more epochs, when resuming)")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "rows per optimiser step")
    Integer batch;

    @Option(names = "--lr", paramLabel = "RATE", description = "learning rate")
    Float learningRate;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            description = "adam, adamw, sgd, rmsprop, adagrad (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "training threads, 0 = all cores (default: ${DEFAULT-VALUE}); results do not depend on it")
    int threads;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "seed of the data draw, split, initial weights and shuffling (default: ${DEFAULT-VALUE},"
                    + " which gives the spiral the nnfs book's numpy draw; the spiral takes numpy's 0 to 2^32-1)")
    long seed;

    @Option(names = "--val-split", paramLabel = "FRACTION",
            description = "hold out this fraction of the training rows for validation (0: none)")
    Double validationSplit;

    @Option(names = "--save", paramLabel = "FILE", description = "save the trained model (atomically)")
    Path save;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "also save to the --save FILE after epochs N, 2N, … and the last")
    Integer checkpointEvery;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "continue training the model in FILE: its layers, optimiser state and normalisation;"
                    + " --lr sets a new learning rate; --layers, --activation and --optimizer must agree with FILE."
                    + " Batch size, seed and --val-split are not saved: give those of the run that saved FILE"
                    + " to continue it exactly")
    Path resume;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "write loss and accuracy curves to a PNG")
    Path plot;

    private String result;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        Defaults d = Defaults.of(data.kind());
        PrintWriter out = spec.commandLine().getOut();

        // Resuming, the architecture comes from the file (--layers and --activation may only agree
        // with it); the spiral draws its data around initial weights of the hidden widths.
        Checkpoint saved = resume == null ? null : ModelFile.load(resume);
        int[] hidden = layers != null ? layers : saved != null ? Models.hiddenWidths(saved.model()) : d.layers();
        String hiddenActivation = activation;
        if (saved != null && !given("--activation") && Models.activationName(saved.model()) != null) {
            hiddenActivation = Models.activationName(saved.model());
        }
        DataOptions.TrainingData raw = data.forTraining(validationSplit, seed, hidden);
        Sequential model = Models.perceptron(raw.train(), hidden, Models.activation(hiddenActivation), d.l2(),
                raw.initialWeights());
        Optimizer.Settings optimizerSpec;
        Normalization norm;
        if (saved != null) {
            checkArchitecture(saved, model);
            model = saved.model();
            Optimizer.Settings savedSpec = saved.optimizer();
            optimizerSpec = resumedOptimizer(savedSpec, model);
            norm = saved.normalization(); // the inputs must be scaled as in the run that saved it
            out.println("resuming " + resume + " after epoch " + model.epoch() + ": its layers, " + savedSpec.name()
                    + " state after " + model.optimizer().steps() + " steps" + (norm == null ? "" : ", normalisation")
                    + "; learning rate "
                    + (optimizerSpec == savedSpec ? savedSpec.learningRate() + " (saved)"
                            : optimizerSpec.learningRate() + " (--lr; saved " + savedSpec.learningRate() + ")"));
        } else {
            Optimizer fresh = Optimizer.named(optimizer, learningRate != null ? learningRate : d.lr(), d.decay());
            optimizerSpec = fresh.settings();
            model.initialize(seed).compile(Models.lossFor(raw.train()), fresh);
            norm = raw.fit();
        }
        DataOptions.TrainingData td = raw.normalized(norm);
        Checkpoint checkpoint = new Checkpoint(model, norm, td.classNames());
        boolean classifier = td.train().hasClassLabels();
        int batchSize = batch != null ? batch : d.batch() > 0 ? d.batch() : td.train().rows();
        int epochCount = epochs != null ? epochs : d.epochs();
        out.println("training " + ModelFile.describe(model.network().layers()) + " on " + describe(td)
                + " with " + optimizerSpec.name() + " lr " + optimizerSpec.learningRate()
                + (optimizerSpec.decay() == 0 ? "" : " decay " + optimizerSpec.decay()) + ", batch " + batchSize
                + ", epochs " + (model.epoch() + 1) + " to " + (model.epoch() + epochCount) + ", seed " + seed);

        boolean penalty = Models.isRegularized(model);
        out.println("per epoch: " + (classifier ? "loss and acc are means" : "loss is the mean")
                + " over its batches while the weights change" + (penalty ? " (loss with the L2 penalty)" : "")
                + (td.validation() == null ? "" : "; val_ figures: the " + td.validationName() + " set after it"));
        ConsoleProgress progress = new ConsoleProgress(out, ConsoleProgress.isTerminal() ? new TerminalWidth() : null,
                classifier);
        TrainingListener listener = progress;
        if (checkpointEvery != null) {
            listener = both(listener, new CheckpointListener(checkpoint, save, checkpointEvery));
        }
        FitOptions options = FitOptions.epochs(epochCount).batchSize(batchSize)
                .threads(threads).listener(listener);
        // One batch per epoch: shuffling would only reorder the gradient sums (nnfs does not).
        options = batchSize >= td.train().rows() ? options.noShuffle(seed) : options.shuffle(seed);
        long start = System.nanoTime();
        History history;
        try {
            history = Models.fit(model, td.train(), Models.validation(options, td.validation()));
        } finally {
            progress.finish(); // before the summary, or an error message, is printed
        }
        out.printf(Locale.ROOT, "trained %d epochs in %.2f s%n", history.size(), (System.nanoTime() - start) / 1e9);

        out.println("after training, on each whole set" + (penalty ? " (data loss, no L2 penalty):" : ":"));
        List<String> results = new ArrayList<>();
        report(out, results, "train", model, td.train(), classifier);
        report(out, results, td.validationName(), model, td.validation(), classifier);
        report(out, results, "test", model, td.test(), classifier);
        result = String.join("  ", results);
        if (save != null) {
            ModelFile.save(checkpoint, save);
            out.println("saved " + save);
        }
        if (plot != null) {
            Plot.learningCurves(history, classifier, plot);
            out.println("plotted " + plot);
        }
        return 0;
    }

    /** Whether the user gave {@code option}, rather than it having its default value. */
    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * Refuses to resume {@code saved} as a model of another architecture, naming the options that
     * asked for it (the data set decides the inputs, the outputs and the L2 penalty).
     */
    private void checkArchitecture(Checkpoint saved, Sequential expected) throws IOException {
        if (ModelFile.describe(saved.model().network().layers()).equals(ModelFile.describe(expected.network().layers()))) {
            return;
        }
        List<String> culprits = new ArrayList<>();
        for (String option : List.of("--layers", "--activation", "--data")) {
            if (given(option)) {
                culprits.add(option + " " + String.join(" ",
                        spec.commandLine().getParseResult().matchedOption(option).originalStringValues()));
            }
        }
        String who = culprits.isEmpty() ? "--data " + data.data : String.join(" ", culprits);
        try {
            ModelFile.load(resume, expected); // the library's message names the first layer that differs
        } catch (ModelFileException e) {
            throw new IllegalArgumentException(who + " conflicts with the saved model: " + e.getMessage());
        }
    }

    /**
     * The saved optimiser, to continue with its state; with --lr, the same kind and state at the
     * new learning rate (its decay still counts the saved steps). Another --optimizer is refused:
     * its state would start from nothing, which is not resuming.
     */
    private Optimizer.Settings resumedOptimizer(Optimizer.Settings saved, Sequential model) {
        if (saved == null) {
            throw new IllegalArgumentException(resume + " holds a model that was never compiled: no training to resume");
        }
        if (given("--optimizer") && !optimizer.equalsIgnoreCase(saved.name())) {
            throw usage("--optimizer " + optimizer + " conflicts with the saved model: " + resume + " was trained with "
                    + saved.name() + ", whose state --resume continues; leave out --optimizer, or train afresh");
        }
        if (learningRate == null || learningRate == saved.learningRate()) {
            return saved;
        }
        Optimizer.Settings changed = saved.withLearningRate(learningRate);
        Optimizer continued = changed.build();
        continued.restore(model.optimizer().state(), model.optimizer().steps(), model.network().parameters().length);
        model.compile(model.loss(), continued);
        return changed;
    }

    /** Everything that can be checked before any data is read. */
    private void checkOptions() {
        if (checkpointEvery != null && save == null) {
            throw usage("--checkpoint-every needs --save FILE (where to write the checkpoints)");
        }
        positive("--checkpoint-every", checkpointEvery);
        positive("--epochs", epochs);
        positive("--batch", batch);
        if (learningRate != null && !(learningRate > 0 && Float.isFinite(learningRate))) {
            throw usage("--lr must be a positive number, got " + learningRate);
        }
        if (threads < 0) {
            throw usage("--threads must be >= 0 (0 = all cores), got " + threads);
        }
        if (layers != null) {
            for (int width : layers) {
                positive("--layers", width);
            }
        }
        writable("--save", save);
        writable("--plot", plot);
        if (!Models.ACTIVATIONS.contains(activation)) {
            throw usage("--activation must be one of " + String.join(", ", Models.ACTIVATIONS) + ", not '" + activation + "'");
        }
        if (!Models.OPTIMIZERS.contains(optimizer)) {
            throw usage("--optimizer must be one of " + String.join(", ", Models.OPTIMIZERS) + ", not '" + optimizer + "'");
        }
        data.kind();
    }

    /** Refuses an output path that cannot be written, before training rather than after it. */
    private void writable(String option, Path file) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        String problem = Files.isDirectory(file) ? "it is a directory"
                : !Files.exists(dir) ? "no such directory " + dir
                : !Files.isDirectory(dir) ? dir + " is not a directory"
                : !Files.isWritable(dir) ? "directory " + dir + " is not writable"
                : Files.exists(file) && !Files.isWritable(file) ? "the file is not writable" : null;
        if (problem != null) {
            throw usage(option + " " + file + ": " + problem);
        }
    }

    private void positive(String option, Integer value) {
        if (value != null && value < 1) {
            throw usage(option + " must be >= 1, got " + value);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static String describe(DataOptions.TrainingData td) {
        String s = td.train().rows() + " rows";
        if (td.validation() != null) {
            s += ", " + td.validationName() + " " + td.validation().rows();
        }
        return td.test() == null || td.test() == td.validation() ? s : s + ", test " + td.test().rows();
    }

    /** Prints how the model does on {@code data} (if any), and adds the headline figure to {@code results}. */
    private static void report(PrintWriter out, List<String> results, String name, Sequential model, Dataset data,
                               boolean classifier) {
        if (data == null) {
            return;
        }
        Evaluation e = Models.evaluate(model, data);
        if (classifier) {
            out.printf(Locale.ROOT, "%s accuracy %.4f  loss %.4f%n", name, e.accuracy(), e.dataLoss());
            results.add(String.format(Locale.ROOT, "%s accuracy %.4f", name, e.accuracy()));
        } else {
            out.printf(Locale.ROOT, "%s loss %.6f (mean squared error)%n", name, e.dataLoss());
            results.add(String.format(Locale.ROOT, "%s loss %.6f", name, e.dataLoss()));
        }
    }

    /** The final figures of the last run, on one line ("train accuracy 0.9350  validation accuracy 0.9150"). */
    String result() {
        return result;
    }

    private static TrainingListener both(TrainingListener a, TrainingListener b) {
        return new TrainingListener() {
            @Override
            public void onEpochStart(Progress p) {
                a.onEpochStart(p);
                b.onEpochStart(p);
            }

            @Override
            public void onBatchEnd(Progress p) {
                a.onBatchEnd(p);
                b.onBatchEnd(p);
            }

            @Override
            public void onEpochEnd(Progress p) {
                a.onEpochEnd(p);
                b.onEpochEnd(p);
            }
        };
    }
}
