package org.backprop4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.backprop4j.io.Checkpoint;
import org.backprop4j.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line end to end, in process, with its output captured. */
class CliTest {
    private static final String[] COLOURS = {"red", "green", "blue"};

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
        double number(String label) {
            Matcher m = Pattern.compile(Pattern.quote(label) + " (\\d+\\.\\d+)").matcher(out);
            assertThat(m.find()).as("'%s' in:%n%s", label, out).isTrue();
            return Double.parseDouble(m.group(1));
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void noArgumentsTrainsTheSpiralModelToNnfsAccuracy() {
        Run r = run();

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("training Dense(2, 64, weightL2 5.0E-4, biasL2 5.0E-4) RELU Dense(64, 1) SIGMOID")
                .contains("epoch 10001/10001").doesNotContain("\r");
        assertThat(r.out().lines().filter(l -> l.startsWith("epoch"))).hasSize(11); // every 1000 epochs, not 10,001 lines
        // The book's own data, initial weights and test set (numpy's stream, seed 0): equivalent
        // implementations end at 0.900-0.945 train and 0.86-0.92 validation (float rounding
        // separates them after ~500 epochs; shared/peers/RESULTS.md); numpy's nnfs: 0.945 / 0.920.
        assertThat(r.number("train accuracy")).isBetween(0.90, 0.95);
        assertThat(r.number("validation accuracy")).isBetween(0.86, 0.92);
    }

    @Test
    void evaluateScoresASpiralModelOnTheValidationSetTrainUsed() {
        Path model = dir.resolve("spiral-3.bp4j");
        Run train = run("--seed", "3", "--layers", "16,8", "--epochs", "300", "--save", model.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();

        Run evaluate = run("evaluate", model.toString(), "--seed", "3");

        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains("samples  200");
        assertThat(evaluate.number("accuracy")).isEqualTo(train.number("validation accuracy"));
        Matcher validationLoss = Pattern.compile("validation accuracy \\S+  loss (\\d+\\.\\d+)").matcher(train.out());
        assertThat(validationLoss.find()).as(train.out()).isTrue();
        Matcher evaluatedLoss = Pattern.compile("\\nloss +(\\d+\\.\\d+)").matcher(evaluate.out());
        assertThat(evaluatedLoss.find()).as(evaluate.out()).isTrue();
        assertThat(evaluatedLoss.group(1)).isEqualTo(validationLoss.group(1));
    }

    @Test
    void csvClassifierSavesThenPredictsAndEvaluates() throws IOException {
        Path csv = colours(dir.resolve("colours.csv"), 150, true);
        Path model = dir.resolve("colours.bp4j");

        Run train = run("--data", "csv:" + csv, "--label", "colour", "--epochs", "40", "--save", model.toString());

        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("on 120 rows, validation 30").contains("saved " + model);
        assertThat(train.number("validation accuracy")).isGreaterThanOrEqualTo(0.9);
        Checkpoint saved = ModelFile.load(model);
        assertThat(saved.classNames()).containsExactly("blue", "green", "red");
        assertThat(saved.normalization()).isNotNull();

        Path inputs = colours(dir.resolve("inputs.csv"), 10, false);
        Run predict = run("predict", model.toString(), inputs.toString());
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        List<String> lines = predict.out().lines().toList();
        assertThat(lines).hasSize(11).first().isEqualTo("class,name,p_blue,p_green,p_red");
        for (String line : lines.subList(1, 11)) {
            String[] f = line.split(",");
            assertThat(f).hasSize(5);
            assertThat(saved.classNames().get(Integer.parseInt(f[0]))).isEqualTo(f[1]);
            double sum = Double.parseDouble(f[2]) + Double.parseDouble(f[3]) + Double.parseDouble(f[4]);
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }

        Path output = dir.resolve("predictions.csv");
        Run toFile = run("predict", model.toString(), csv.toString(), "--label", "colour", "--output", output.toString());
        assertThat(toFile.exitCode()).as(toFile.err()).isZero();
        assertThat(toFile.out()).isEmpty();
        assertThat(Files.readAllLines(output)).hasSize(151);

        Run evaluate = run("evaluate", model.toString(), "--data", "csv:" + csv, "--label", "colour");
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains("samples  150").contains("confusion matrix (rows: true class, columns: predicted class)");
        assertThat(evaluate.number("accuracy")).isGreaterThanOrEqualTo(0.9);
        List<String> matrix = evaluate.out().lines().dropWhile(l -> !l.startsWith("true")).toList();
        assertThat(matrix).hasSize(4);
        assertThat(matrix.get(0)).matches("true \\\\ predicted +0 +1 +2");
        long total = 0;
        for (int k = 0; k < 3; k++) {
            String[] cells = matrix.get(k + 1).trim().split(" +");
            assertThat(cells[0] + " " + cells[1]).isEqualTo(k + " " + saved.classNames().get(k));
            for (int c = 2; c < 5; c++) {
                total += Long.parseLong(cells[c]);
            }
            assertThat(Long.parseLong(cells[2 + k])).as("diagonal").isGreaterThanOrEqualTo(40);
        }
        assertThat(total).isEqualTo(150);
    }

    @Test
    void evaluateTakesClassIndicesAsLabelsAndListsWholeClassNames() throws IOException {
        Path csv = colours(dir.resolve("colours.csv"), 150, true);
        Path model = dir.resolve("colours.bp4j");
        assertThat(run("--data", "csv:" + csv, "--label", "colour", "--epochs", "40", "--save", model.toString()).exitCode())
                .isZero();
        Run named = run("evaluate", model.toString(), "--data", "csv:" + csv, "--label", "colour");
        // The same rows with class indices (blue 0, green 1, red 2) for labels
        Path indexed = Files.writeString(dir.resolve("indexed.csv"), Files.readString(csv)
                .replace(",blue", ",0").replace(",green", ",1").replace(",red", ",2"));

        Run r = run("evaluate", model.toString(), "--data", "csv:" + indexed, "--label", "colour");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(named.out());
        Path wrong = Files.writeString(dir.resolve("wrong.csv"), "x,y,colour\n1,2,red\n3,4,3\n");
        Run bad = run("evaluate", model.toString(), "--data", "csv:" + wrong, "--label", "colour");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("evaluate: csv:" + wrong + ": row 2: label '3' is neither a class of the model"
                + " nor a class index; the classes are 0 blue, 1 green, 2 red");
    }

    @Test
    void evaluateWithoutDataUsesTheBuiltInDataSetTheModelFitsOrAsksForData() throws IOException {
        Path csv = Files.writeString(dir.resolve("wide.csv"), "a,b,c,label\n1,2,3,x\n4,5,6,y\n7,8,9,x\n");
        Path model = dir.resolve("wide.bp4j");
        assertThat(run("--data", "csv:" + csv, "--label", "label", "--epochs", "1", "--save", model.toString()).exitCode())
                .isZero();

        Run r = run("evaluate", model.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("evaluate: --data is needed: " + model + " takes 3 inputs, not those of a"
                + " built-in data set (a model file does not record its data), e.g. --data csv:FILE --label COLUMN (see --help)");
        Path spiral = dir.resolve("spiral.bp4j");
        assertThat(run("--epochs", "2", "--save", spiral.toString()).exitCode()).isZero();
        Run onSpiral = run("evaluate", spiral.toString());
        assertThat(onSpiral.exitCode()).as(onSpiral.err()).isZero();
        assertThat(onSpiral.out()).startsWith("data     spiral (the model's inputs and classes are its; --data chooses others)");
    }

    @Test
    void classListsInMessagesAreNeverCutMidWord() throws IOException {
        StringBuilder text = new StringBuilder("x,kind\n");
        for (int k = 0; k < 12; k++) {
            text.append(k).append(",a-rather-long-class-name-").append(k).append('\n');
        }
        Path csv = Files.writeString(dir.resolve("kinds.csv"), text);
        Path model = dir.resolve("kinds.bp4j");
        assertThat(run("--data", "csv:" + csv, "--label", "kind", "--epochs", "1", "--val-split", "0", "--save",
                model.toString()).exitCode()).isZero();
        Path other = Files.writeString(dir.resolve("other.csv"), "x,kind\n1,unknown\n");

        Run r = run("evaluate", model.toString(), "--data", "csv:" + other, "--label", "kind");

        assertThat(r.exitCode()).isEqualTo(2);
        StringBuilder classes = new StringBuilder();
        List<String> sorted = ModelFile.load(model).classNames(); // in sorted order: 0, 1, 10, 11, 2, …
        for (int k = 0; k < 12; k++) {
            classes.append(k == 0 ? "" : ", ").append(k).append(' ').append(sorted.get(k));
        }
        assertThat(sorted).hasSize(12).allMatch(name -> name.matches("a-rather-long-class-name-\\d+"));
        assertThat(r.err().strip()).endsWith("; the classes are " + classes);
    }

    @Test
    void csvWithFractionalLabelsIsRegression() throws IOException {
        StringBuilder text = new StringBuilder("a,b,target\n");
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            double a = random.nextDouble();
            double b = random.nextDouble();
            text.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f%n", a, b, 2 * a - b + 0.5));
        }
        Path csv = Files.writeString(dir.resolve("linear.csv"), text);
        Path model = dir.resolve("linear.bp4j");

        Run train = run("--data", "csv:" + csv, "--label", "target", "--epochs", "60", "--save", model.toString());

        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("Dense(64, 1)").doesNotContain("acc").contains("(mean squared error)");
        assertThat(train.number("validation loss")).isLessThan(0.05); // the targets' variance is about 0.4
        Run predict = run("predict", model.toString(), csv.toString(), "--label", "target");
        assertThat(predict.out().lines().findFirst()).hasValue("prediction");
        Run evaluate = run("evaluate", model.toString(), "--data", "csv:" + csv, "--label", "2");
        assertThat(evaluate.out()).contains("(mean squared error)").doesNotContain("confusion");
    }

    @Test
    void plotWritesAPng() throws IOException {
        Path png = dir.resolve("curves.png");

        Run r = run("--epochs", "30", "--plot", png.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(Arrays.copyOf(bytes, 8)).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n');
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1280); // loss and accuracy side by side
        assertThat(image.getHeight()).isEqualTo(420);
    }

    @Test
    void checkpointsAreLoadableAndResumeAsIfNeverStopped() throws IOException {
        Path checkpoint = dir.resolve("checkpoint.bp4j");
        Run first = run("--epochs", "5", "--checkpoint-every", "2", "--save", checkpoint.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(ModelFile.load(checkpoint).model().epoch()).isEqualTo(5);

        Path resumed = dir.resolve("resumed.bp4j");
        Run second = run("--resume", checkpoint.toString(), "--epochs", "3", "--save", resumed.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("resuming " + checkpoint + " after epoch 5").contains("epoch 8/8");

        Path straight = dir.resolve("straight.bp4j");
        assertThat(run("--epochs", "8", "--save", straight.toString()).exitCode()).isZero();
        assertThat(Arrays.equals(ModelFile.load(resumed).model().parameters(), ModelFile.load(straight).model().parameters()))
                .isTrue();
    }

    @Test
    void userMistakesGiveOneLineAndExitCode2() throws IOException {
        Path csv = colours(dir.resolve("c.csv"), 20, true);
        Path notAModel = Files.writeString(dir.resolve("not-a-model.bp4j"), "hello");
        Path spiralModel = dir.resolve("spiral.bp4j");
        assertThat(run("--epochs", "1", "--save", spiralModel.toString()).exitCode()).isZero();
        Path wide = Files.writeString(dir.resolve("wide.csv"), "a,b,c,label\n1,2,3,0\n4,5,6,1\n");
        String[][] cases = {
                {"--epochs 0", "--epochs must be >= 1, got 0"},
                {"--epoch 5", "Unknown options: '--epoch', '5'"},
                {"--lr abc", "Invalid value for option '--lr'"},
                {"--checkpoint-every 2", "--checkpoint-every needs --save FILE"},
                {"--optimizer lion", "--optimizer must be one of adam, adamw, sgd, rmsprop, adagrad, not 'lion'"},
                {"--activation gelu", "--activation must be one of relu, leaky-relu, tanh, sigmoid, not 'gelu'"},
                {"--data mnist", "--data must be spiral, fashion-mnist or csv:FILE, not 'mnist'"},
                {"--data csv:" + csv, "--label COLUMN is needed with --data csv:FILE"},
                {"--data csv:" + csv + " --label nope", "no column named 'nope' for the label; the columns are x, y, colour"},
                {"--data csv:" + dir.resolve("missing.csv") + " --label y", "no such file: " + dir.resolve("missing.csv")},
                {"--data fashion-mnist --data-dir " + dir, "no such file: " + dir.resolve("train-images-idx3-ubyte")},
                {"--resume " + notAModel, "not a backprop4j model file (wrong magic bytes)"},
                {"predict " + notAModel + " " + csv, "not a backprop4j model file (wrong magic bytes)"},
                {"predict " + dir.resolve("none.bp4j") + " " + csv, "no such file"},
                {"evaluate", "Missing required parameter: 'MODEL'"},
                {"evaluate " + spiralModel + " --data csv:" + wide + " --label label",
                        "csv:" + wide + " has 3 feature columns but the model takes 2 inputs"},
                {"predict " + spiralModel + " " + wide, wide + " has 4 feature columns but the model takes 2 inputs"},
        };
        for (String[] c : cases) {
            Run r = run(c[0].split(" "));
            assertThat(r.exitCode()).as(c[0]).isEqualTo(2);
            assertThat(r.err()).as(c[0]).contains(c[1]);
            assertThat(r.err().lines()).as(c[0]).hasSize(1);
        }
    }

    @Test
    void outputPathsAreCheckedBeforeTraining() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        String[][] cases = {
                {"--save", "/nonexistent/dir/x.bp4j", "--save /nonexistent/dir/x.bp4j: no such directory /nonexistent/dir"},
                {"--plot", "/nonexistent/dir/x.png", "--plot /nonexistent/dir/x.png: no such directory /nonexistent/dir"},
                {"--save", dir.toString(), "--save " + dir + ": it is a directory"},
                {"--plot", file.resolve("x.png").toString(), "--plot " + file.resolve("x.png") + ": " + file + " is not a directory"},
        };
        for (String[] c : cases) {
            Run r = run("--epochs", "3", c[0], c[1]);
            assertThat(r.exitCode()).as(c[2]).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("train: " + c[2] + " (see --help)");
            assertThat(r.out()).as("nothing trained").isEmpty();
        }
    }

    @Test
    void resumingAppliesANewLearningRateAndSaysWhatItUses() throws IOException {
        Path file = dir.resolve("lr.bp4j");
        assertThat(run("--epochs", "5", "--save", file.toString()).exitCode()).isZero();
        Path resumed = dir.resolve("lr-resumed.bp4j");

        Run r = run("--resume", file.toString(), "--lr", "0.5", "--epochs", "2", "--save", resumed.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("resuming " + file + " after epoch 5: its layers, adam state after 5 steps;"
                        + " learning rate 0.5 (--lr; saved 0.001)")
                .contains(" with adam lr 0.5 decay 5.0E-7, batch 200, epochs 6 to 7, seed 0");
        Checkpoint saved = ModelFile.load(resumed);
        assertThat(saved.optimizer().learningRate()).isEqualTo(0.5f);
        assertThat(saved.model().optimizer().steps()).as("the saved state continued").isEqualTo(7);
    }

    @Test
    void resumingTakesTheArchitectureFromTheFileAndRefusesAnotherOptimizer() throws IOException {
        Path file = dir.resolve("tanh.bp4j");
        assertThat(run("--layers", "16,8", "--activation", "tanh", "--epochs", "2", "--save", file.toString()).exitCode())
                .isZero();

        Run resumed = run("--resume", file.toString(), "--epochs", "1");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("training Dense(2, 16, weightL2 5.0E-4, biasL2 5.0E-4) TANH Dense(16, 8,");

        Run sgd = run("--resume", file.toString(), "--optimizer", "sgd");
        assertThat(sgd.exitCode()).isEqualTo(2);
        assertThat(sgd.err().strip()).isEqualTo("train: --optimizer sgd conflicts with the saved model: " + file
                + " was trained with adam, whose state --resume continues; leave out --optimizer, or train afresh (see --help)");
        Run relu = run("--resume", file.toString(), "--activation", "relu");
        assertThat(relu.exitCode()).isEqualTo(2);
        assertThat(relu.err()).startsWith("train: --activation relu conflicts with the saved model: " + file
                + ": architecture mismatch at layer 2: the file has TANH where RELU is expected");
        assertThat(relu.err().lines()).hasSize(1);
    }

    @Test
    void resumingWithAnotherArchitectureIsRejected() {
        Path file = dir.resolve("small.bp4j");
        assertThat(run("--epochs", "2", "--save", file.toString()).exitCode()).isZero();

        Run r = run("--resume", file.toString(), "--layers", "32");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("architecture mismatch at layer 1: the file has Dense(2, 64, weightL2 5.0E-4,"
                + " biasL2 5.0E-4) where Dense(2, 32, weightL2 5.0E-4, biasL2 5.0E-4) is expected");
    }

    @Test
    void helpAndVersion() {
        Run help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--data=SOURCE", "--checkpoint-every=N", "--plot=FILE.png", "predict", "evaluate");
        Run version = run("--version");
        assertThat(version.out().strip()).isEqualTo("backprop4j 0.1.0-SNAPSHOT");
        assertThat(run("predict", "--help").out()).contains("--output=FILE");
    }

    @Test
    void helpIsWrappedAtWordsOnlyAndListsEachCommandOnce() {
        for (String command : new String[] {"", "predict", "evaluate"}) {
            Run help = command.isEmpty() ? run("--help") : run(command, "--help");
            assertThat(help.exitCode()).isZero();
            assertWrappedAtWords(help.out(), Main.HELP_WIDTH);
        }
        List<String> top = run("--help").out().lines().toList();
        List<String> commands = top.subList(top.indexOf("Commands:") + 1, top.size()).stream()
                .map(l -> l.strip().split(" ")[0]).toList();
        assertThat(commands).containsExactly("predict", "evaluate"); // train is the command itself, not one of its own
        assertThat(String.join(" ", top)).contains("Epochs are counted from 1 in all that is printed and plotted");
    }

    /**
     * Every line fits {@code width}, and a line continued at the same indentation could not have
     * taken the next word: the symptom of hand-broken lines that picocli wraps again mid-phrase.
     */
    static void assertWrappedAtWords(String text, int width) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertThat(line.length()).as("line %d fits %d columns:%n%s", i + 1, width, text).isLessThanOrEqualTo(width);
            if (i + 1 == lines.size() || line.isBlank() || lines.get(i + 1).isBlank()) {
                continue;
            }
            String next = lines.get(i + 1);
            // the same indentation continues a paragraph, unless the next line is an option or a table row
            if (indent(line) == indent(next) && !next.strip().startsWith("-") && !next.matches("\\s*\\S+ {2,}\\S.*")) {
                String word = next.strip().split(" ")[0];
                // picocli fills lines up to width - 1, leaving the last column free
                assertThat(line.length() + 1 + word.length()).as("line %d ends early ('%s' fits after it):%n%s", i + 1,
                        word, text).isGreaterThan(width - 1);
            }
        }
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }

    @Test
    void epochLinesAndFinalLinesSayWhichLossTheyShow() {
        Run r = run("--epochs", "30");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("per epoch: loss and acc are means over its batches while the weights change"
                        + " (loss with the L2 penalty); val_ figures: the validation set after it\n")
                .contains("after training, on each whole set (data loss, no L2 penalty):\ntrain accuracy ");
    }

    @Test
    void theMainJobSaysFashionMnistWasSkippedAndHowToGetIt() {
        Path missing = dir.resolve("no-fashion-mnist");

        Run r = run("main-job", "--data-dir", missing.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("epoch 10001/10001");
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(lines.size() - 2)).matches("spiral         train accuracy 0\\.\\d{4}  validation accuracy 0\\.\\d{4}");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("Fashion-MNIST  skipped: not installed in " + missing
                + " (apt-get install dataset-fashion-mnist, then scripts/train again; or scripts/train --data"
                + " fashion-mnist --data-dir DIR)");
    }

    @Test
    void theMainJobEndsWithTheResultsOfBothRuns() throws IOException {
        Path fashion = Files.createDirectory(dir.resolve("fashion-mnist"));
        fakeFashionMnist(fashion, "train", 300);
        fakeFashionMnist(fashion, "t10k", 100);

        Run r = run("main-job", "--data-dir", fashion.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(lines.size() - 3)).isEmpty();
        assertThat(lines.get(lines.size() - 2)).matches("spiral         train accuracy 0\\.\\d{4}  validation accuracy 0\\.\\d{4}");
        assertThat(lines.get(lines.size() - 1)).matches("Fashion-MNIST  train accuracy \\d\\.\\d{4}  test accuracy \\d\\.\\d{4}");
        assertThat(r.out()).contains("on 300 rows, test 100");
    }

    /** IDX files of {@code rows} 28×28 images whose class is the brightness of their first row. */
    private static void fakeFashionMnist(Path dir, String part, int rows) throws IOException {
        java.nio.ByteBuffer images = java.nio.ByteBuffer.allocate(16 + rows * 784).putInt(0x803).putInt(rows).putInt(28).putInt(28);
        java.nio.ByteBuffer labels = java.nio.ByteBuffer.allocate(8 + rows).putInt(0x801).putInt(rows);
        Random random = new Random(part.length());
        for (int r = 0; r < rows; r++) {
            int label = r % 10;
            labels.put((byte) label);
            for (int p = 0; p < 784; p++) {
                images.put((byte) (p < 28 ? 25 * label : random.nextInt(256)));
            }
        }
        Files.write(dir.resolve(part + "-images-idx3-ubyte"), images.array());
        Files.write(dir.resolve(part + "-labels-idx1-ubyte"), labels.array());
    }

    /** Three well-separated clusters named red, green, blue; with or without the label column. */
    private static Path colours(Path file, int rows, boolean labelled) throws IOException {
        Random random = new Random(7);
        StringBuilder text = new StringBuilder(labelled ? "x,y,colour\n" : "x,y\n");
        for (int i = 0; i < rows; i++) {
            int k = i % 3;
            double x = 10 * k + random.nextGaussian();
            double y = 5 - 3 * k + random.nextGaussian();
            text.append(String.format(Locale.ROOT, "%.3f,%.3f", x, y)).append(labelled ? "," + COLOURS[k] : "").append('\n');
        }
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
