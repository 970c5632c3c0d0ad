package org.backprop4j.cli;

import java.util.ArrayList;
import java.util.List;
import org.backprop4j.data.Dataset;
import org.backprop4j.io.Checkpoint;
import org.backprop4j.model.ActivationLayer;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Initializer;
import org.backprop4j.model.Layer;
import org.backprop4j.model.Loss;
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
     * and biases, then the head; every Dense initialised by {@code init} (null: its default).
     */
    static Sequential perceptron(Dataset data, int[] hidden, ActivationLayer activation, float l2,
                                 Initializer init) {
        List<Layer> layers = new ArrayList<>();
        int width = data.features();
        for (int h : hidden) {
            layers.add(initialized(new Dense(width, h).weightL2(l2).biasL2(l2), init));
            layers.add(activation);
            width = h;
        }
        if (data.hasClassLabels()) {
            boolean binary = data.classes() == 2;
            layers.add(initialized(new Dense(width, binary ? 1 : data.classes()), init));
            layers.add(binary ? Activations.sigmoid() : Activations.softmax());
        } else {
            layers.add(initialized(new Dense(width, data.targetWidth()), init));
        }
        return Sequential.of(layers.toArray(new Layer[0]));
    }

    private static Dense initialized(Dense dense, Initializer init) {
        return init == null ? dense : dense.initializer(init);
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
