package org.backprop4j.model;

import org.backprop4j.model.ActivationLayer.Function;

/** Factory of activation layers: {@code Sequential.of(new Dense(2, 64), Activations.relu(), …)}. */
public final class Activations {
    private static final ActivationLayer LINEAR = new ActivationLayer(Function.LINEAR, 0f);
    private static final ActivationLayer RELU = new ActivationLayer(Function.RELU, 0f);
    private static final ActivationLayer SIGMOID = new ActivationLayer(Function.SIGMOID, 0f);
    private static final ActivationLayer TANH = new ActivationLayer(Function.TANH, 0f);
    private static final ActivationLayer SOFTMAX = new ActivationLayer(Function.SOFTMAX, 0f);

    private Activations() {
    }

    /** f(x) = x. */
    public static ActivationLayer linear() {
        return LINEAR;
    }

    /** f(x) = max(x, 0). */
    public static ActivationLayer relu() {
        return RELU;
    }

    /** f(x) = x for x &gt; 0, alpha·x otherwise. */
    public static ActivationLayer leakyRelu(float alpha) {
        return new ActivationLayer(Function.LEAKY_RELU, alpha);
    }

    /** Leaky ReLU with alpha = 0.01. */
    public static ActivationLayer leakyRelu() {
        return leakyRelu(0.01f);
    }

    /** f(x) = 1 / (1 + e^-x); pair with {@link Loss#binaryCrossEntropy()} for the fused gradient. */
    public static ActivationLayer sigmoid() {
        return SIGMOID;
    }

    /** f(x) = tanh(x). */
    public static ActivationLayer tanh() {
        return TANH;
    }

    /** Row-wise softmax; pair with {@link Loss#categoricalCrossEntropy()} for the fused gradient. */
    public static ActivationLayer softmax() {
        return SOFTMAX;
    }
}
