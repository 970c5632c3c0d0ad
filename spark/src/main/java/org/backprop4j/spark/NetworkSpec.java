package org.backprop4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Dropout;
import org.backprop4j.model.Layer;
import org.backprop4j.model.Loss;
import org.backprop4j.model.Optimizer;
import org.backprop4j.train.Sequential;

/**
 * What the Params say to build: shipped to executors, which build the same network from it.
 *
 * @param layers       sizes from the input to the output
 * @param activation   the hidden layers' activation
 * @param dropout      dropout after each hidden activation
 * @param l2           L2 on every Dense layer's weights
 * @param classifier   softmax output and categorical cross-entropy; else linear output and MSE
 * @param optimizer    the optimiser's name
 * @param learningRate its learning rate
 */
record NetworkSpec(int[] layers, String activation, float dropout, float l2, boolean classifier, String optimizer,
                   float learningRate) implements Serializable {

    static NetworkSpec of(NetworkTrainingParams<?> p, boolean classifier) {
        if (!p.isDefined(p.layers())) {
            throw new IllegalArgumentException("layers must be set, e.g. setLayers(784, 256, 128, 10)");
        }
        int[] layers = p.getLayers();
        if (classifier && layers[layers.length - 1] < 2) {
            throw new IllegalArgumentException("a classifier's last layer needs one output per class, at least 2; layers "
                    + java.util.Arrays.toString(layers));
        }
        if (!classifier && layers[layers.length - 1] != 1) {
            throw new IllegalArgumentException("a regressor predicts one value: its last layer size must be 1; layers "
                    + java.util.Arrays.toString(layers));
        }
        return new NetworkSpec(layers.clone(), p.getActivation().toLowerCase(Locale.ROOT), (float) p.getDropout(),
                (float) p.getL2(), classifier, p.getOptimizer().toLowerCase(Locale.ROOT), (float) p.getLearningRate());
    }

    int inputs() {
        return layers[0];
    }

    int outputs() {
        return layers[layers.length - 1];
    }

    /** The compiled model, weights from {@code seed}. */
    Sequential build(long seed) {
        List<Layer> stack = new ArrayList<>();
        for (int i = 0; i + 1 < layers.length; i++) {
            Dense dense = new Dense(layers[i], layers[i + 1]);
            stack.add(l2 > 0 ? dense.weightL2(l2) : dense);
            if (i + 2 < layers.length) {
                stack.add(hiddenActivation());
                if (dropout > 0) {
                    stack.add(new Dropout(dropout));
                }
            }
        }
        if (classifier) {
            stack.add(Activations.softmax());
        }
        Sequential model = Sequential.of(stack.toArray(Layer[]::new)).initialize(seed);
        model.compile(classifier ? Loss.categoricalCrossEntropy() : Loss.mse(),
                Optimizer.named(optimizer, learningRate, 0f));
        return model;
    }

    private Layer hiddenActivation() {
        return switch (activation) {
            case "relu" -> Activations.relu();
            case "leaky_relu" -> Activations.leakyRelu();
            case "tanh" -> Activations.tanh();
            case "sigmoid" -> Activations.sigmoid();
            case "linear" -> Activations.linear();
            default -> throw new IllegalArgumentException("unknown activation '" + activation + "'");
        };
    }
}
