package org.backprop4j.model;

import org.backprop4j.kernel.Activation;

/** Factory of activation layers: {@code Sequential.of(new Dense(2, 64), Activations.relu(), …)}. */
public final class Activations {
    private static final ActivationLayer LINEAR = new ActivationLayer(Activation.IDENTITY, 0f);
    private static final ActivationLayer RELU = new ActivationLayer(Activation.RELU, 0f);
    private static final ActivationLayer SIGMOID = new ActivationLayer(Activation.SIGMOID, 0f);
    private static final ActivationLayer TANH = new ActivationLayer(Activation.TANH, 0f);

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
        return new ActivationLayer(Activation.LEAKY_RELU, alpha);
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
    public static SoftmaxLayer softmax() {
        return SoftmaxLayer.INSTANCE;
    }

    /**
     * The activation layer a model file names ({@code LINEAR RELU LEAKY_RELU SIGMOID TANH SOFTMAX})
     * with {@code slope} (a leaky ReLU's; 0 for the others), or null for an unknown name.
     *
     * @throws IllegalArgumentException for a slope that is not finite, or a softmax with a slope
     */
    public static Layer named(String name, float slope) {
        if (name.equals(SoftmaxLayer.NAME)) {
            if (slope != 0f || Float.floatToIntBits(slope) != 0) {
                throw new IllegalArgumentException("a softmax has no slope, got " + slope);
            }
            return softmax();
        }
        return ActivationLayer.named(name, slope);
    }
}
