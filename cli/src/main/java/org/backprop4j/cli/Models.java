package org.backprop4j.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.backprop4j.data.Dataset;
import org.backprop4j.io.Checkpoint;
import org.backprop4j.model.ActivationLayer;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Initializer;
import org.backprop4j.model.Layer;
import org.backprop4j.model.Loss;
import org.backprop4j.model.ParameterBlock;
import org.backprop4j.train.Evaluation;
import org.backprop4j.train.FitOptions;
import org.backprop4j.train.History;
import org.backprop4j.train.Sequential;

/**
 * The command line's models: a multi-layer perceptron whose head follows from the data (two
 * classes: one sigmoid output and binary cross-entropy; more: softmax and categorical
 * cross-entropy; float targets: linear outputs and mean squared error), and the calls that differ
 * between class labels and targets.
 */
final class Models {
    /** The --optimizer names: the library's, but for Adagrad, which the command line does not offer. */
    static final List<String> OPTIMIZERS = org.backprop4j.model.Optimizer.NAMES; // the library's one table

    /** The --activation names. */
    static final List<String> ACTIVATIONS = List.of("relu", "leaky-relu", "tanh", "sigmoid");

    private Models() {
    }

    static ActivationLayer activation(String name) {
        switch (name) {
            case "relu":
                return Activations.relu();
            case "leaky-relu":
                return Activations.leakyRelu();
            case "tanh":
                return Activations.tanh();
            case "sigmoid":
                return Activations.sigmoid();
            default:
                throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of "
                        + String.join(", ", ACTIVATIONS));
        }
    }

    /**
     * Dense layers of widths {@code hidden} with {@code activation} and L2 {@code l2} on weights
     * and biases, then the head; Dense layer i starts from {@code initialWeights.get(i)} when that
     * list is not empty, else from its default initialiser.
     */
    static Sequential perceptron(Dataset data, int[] hidden, ActivationLayer activation, float l2,
                                 List<float[]> initialWeights) {
        int[] widths = widths(data, hidden);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i + 1 < widths.length; i++) {
            Dense dense = new Dense(widths[i], widths[i + 1]);
            if (!initialWeights.isEmpty()) {
                dense.initializer(Initializer.values(initialWeights.get(i)));
            }
            if (i + 2 < widths.length) {
                layers.add(dense.weightL2(l2).biasL2(l2));
                layers.add(activation);
            } else if (data.hasClassLabels()) {
                layers.add(dense);
                layers.add(data.classes() == 2 ? Activations.sigmoid() : Activations.softmax());
            } else {
                layers.add(dense);
            }
        }
        return Sequential.of(layers.toArray(new Layer[0]));
    }

    /**
     * The perceptron's layer widths: the inputs, {@code hidden}, then the head (two classes: one
     * sigmoid output; more: one softmax output per class; float targets: one linear output each).
     */
    static int[] widths(Dataset data, int[] hidden) {
        return data.hasClassLabels() ? classifierWidths(data.features(), data.classes(), hidden)
                : layerWidths(data.features(), hidden, data.targetWidth());
    }

    /** A classifier's widths: inputs, {@code hidden}, then one output for two classes or one per class. */
    static int[] classifierWidths(int features, int classes, int[] hidden) {
        return layerWidths(features, hidden, classes == 2 ? 1 : classes);
    }

    private static int[] layerWidths(int inputs, int[] hidden, int outputs) {
        int[] widths = new int[hidden.length + 2];
        widths[0] = inputs;
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = outputs;
        return widths;
    }

    /** A perceptron's hidden widths: the columns of each weight matrix but the last. */
    static int[] hiddenWidths(Sequential model) {
        int[] widths = weightMatrices(model).mapToInt(ParameterBlock::columns).toArray();
        return Arrays.copyOf(widths, Math.max(0, widths.length - 1));
    }

    /** The --activation name of a perceptron's first hidden activation, or null if it has none that has a name. */
    static String activationName(Sequential model) {
        List<Layer> layers = model.network().layers();
        // layers: Dense, activation, …, Dense, head; a hidden activation is one with more layers after it
        for (int i = 1; i + 1 < layers.size(); i++) {
            Layer layer = layers.get(i);
            String name = ACTIVATIONS.stream().filter(a -> activation(a).equals(layer)).findFirst().orElse(null);
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    /** Whether any layer has an L1 or L2 penalty, which the training loss then includes. */
    static boolean isRegularized(Sequential model) {
        return model.network().regularized();
    }

    /** The number of weights (not biases) of a saved model's weight matrices. */
    static long weightCount(Sequential model) {
        return weightMatrices(model).mapToLong(ParameterBlock::size).sum();
    }

    private static Stream<ParameterBlock> weightMatrices(Sequential model) {
        return model.network().parameterBlocks().stream().filter(block -> block.name().equals("weights"));
    }

    static Loss lossFor(Dataset data) {
        if (!data.hasClassLabels()) {
            return Loss.mse();
        }
        return data.classes() == 2 ? Loss.binaryCrossEntropy() : Loss.categoricalCrossEntropy();
    }

    static boolean isRegression(Sequential model) {
        return model.loss() != null && model.loss().kind() == Loss.Kind.MEAN_SQUARED_ERROR;
    }

    /**
     * {@code data} as the model sees it: checked to have the model's input width, then normalised
     * with the model file's normalisation.
     */
    static Dataset inputs(Checkpoint checkpoint, Dataset data, Object source) {
        int inputs = checkpoint.model().network().inputs();
        if (data.features() != inputs) {
            throw new IllegalArgumentException(source + " has " + data.features() + " feature columns but the model takes "
                    + inputs + " inputs");
        }
        return checkpoint.normalization() == null ? data : checkpoint.normalization().apply(data);
    }

    static History fit(Sequential model, Dataset data, FitOptions options) {
        return data.hasClassLabels() ? model.fit(data.featureData(), data.labels(), options)
                : model.fit(data.featureData(), data.targets(), options);
    }

    static FitOptions validation(FitOptions options, Dataset data) {
        if (data == null) {
            return options;
        }
        return data.hasClassLabels() ? options.validation(data.featureData(), data.labels())
                : options.validation(data.featureData(), data.targets());
    }

    static Evaluation evaluate(Sequential model, Dataset data) {
        return data.hasClassLabels() ? model.evaluate(data.featureData(), data.labels())
                : model.evaluate(data.featureData(), data.targets());
    }

    /** The predicted class of each row of a classifier's outputs (one sigmoid output: threshold 0.5). */
    static int[] classes(float[] outputs, int width) {
        int[] predicted = new int[outputs.length / width];
        for (int r = 0; r < predicted.length; r++) {
            if (width == 1) {
                predicted[r] = outputs[r] >= 0.5f ? 1 : 0;
            } else {
                int best = 0;
                for (int k = 1; k < width; k++) {
                    if (outputs[r * width + k] > outputs[r * width + best]) {
                        best = k;
                    }
                }
                predicted[r] = best;
            }
        }
        return predicted;
    }
}
