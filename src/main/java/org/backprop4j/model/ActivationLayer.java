package org.backprop4j.model;

import org.backprop4j.kernel.Activation;

/**
 * An activation layer; create with {@link Activations}. Placed right after a {@link Dense}, it
 * runs fused into that layer's GEMM (forward) and gradient pass (backward).
 *
 * @param function the activation
 * @param slope    negative-side slope of {@link Function#LEAKY_RELU} (0 otherwise)
 */
public record ActivationLayer(Function function, float slope) implements Layer {

    /** The activations a network can use. */
    public enum Function {
        LINEAR(Activation.IDENTITY), RELU(Activation.RELU), LEAKY_RELU(Activation.LEAKY_RELU),
        SIGMOID(Activation.SIGMOID), TANH(Activation.TANH),
        /** Row-wise softmax; not element-wise, so it runs as its own pass after the GEMM. */
        SOFTMAX(Activation.IDENTITY);

        final Activation elementwise;

        Function(Activation elementwise) {
            this.elementwise = elementwise;
        }

        boolean reluFamily() {
            return this == RELU || this == LEAKY_RELU;
        }
    }

    public ActivationLayer {
        if (function == null) {
            throw new IllegalArgumentException("activation function must not be null");
        }
        if (!Float.isFinite(slope)) {
            throw new IllegalArgumentException("slope must be finite, got " + slope);
        }
    }

    @Override
    public String toString() {
        return function == Function.LEAKY_RELU ? "LeakyReLU(" + slope + ")" : function.name();
    }
}
