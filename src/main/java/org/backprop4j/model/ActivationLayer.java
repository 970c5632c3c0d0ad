package org.backprop4j.model;

import java.util.Objects;
import org.backprop4j.kernel.Activation;

/**
 * An element-wise activation layer; create with {@link Activations}. Placed right after a
 * {@link Dense}, it runs fused into that layer's GEMM (forward) and gradient pass (backward).
 * Each activation's arithmetic (vector form, scalar twin, derivative, model-file name) is defined
 * once, in the engine's kernel; this layer only names it.
 */
public final class ActivationLayer extends Layer {

    /**
     * What a model file stores of an activation, softmax included.
     *
     * @param function {@code LINEAR RELU LEAKY_RELU SIGMOID TANH SOFTMAX}
     * @param slope    a leaky ReLU's negative slope (0 for the others; a softmax must have 0)
     */
    public record Configuration(String function, float slope) implements Layer.Configuration {
        public Configuration {
            build(function, slope); // its checks
        }

        @Override
        public String kind() {
            return "activation";
        }

        @Override
        public Layer build() {
            return build(function, slope);
        }

        private static Layer build(String function, float slope) {
            Layer layer = Activations.named(function, slope);
            if (layer == null) {
                throw new UnknownKindException("unknown activation kind '" + function + "'");
            }
            return layer;
        }
    }

    private final Activation function;
    private final float slope;

    ActivationLayer(Activation function, float slope) {
        if (!Float.isFinite(slope)) {
            throw new IllegalArgumentException("slope must be finite, got " + slope);
        }
        this.function = Objects.requireNonNull(function, "function");
        this.slope = slope;
    }

    /** The activation a model file names ({@code LINEAR RELU LEAKY_RELU SIGMOID TANH}), or null for another name. */
    static ActivationLayer named(String name, float slope) {
        Activation function = Activation.ofFileName(name);
        return function == null ? null : new ActivationLayer(function, slope);
    }

    /** The activation's name as model files spell it, e.g. {@code RELU}, {@code LINEAR}. */
    public String name() {
        return function.fileName();
    }

    /** The negative-side slope of a leaky ReLU (0 otherwise). */
    public float slope() {
        return slope;
    }

    Activation function() {
        return function;
    }

    @Override
    public Configuration configuration() {
        return new Configuration(name(), slope);
    }

    @Override
    Op compile(int index, int width, Layer fused, float[] params, int offset, String name) {
        return Activating.standalone(this, index, width, name);
    }

    @Override
    Activating activating() {
        return activating;
    }

    private final Activating activating = new Activating() {
        @Override
        public Activation elementwise() {
            return function;
        }

        @Override
        public float slope() {
            return slope;
        }

        @Override
        public void finish(float[] y, int rows, int cols) {
            // element-wise only: the GEMM epilogue (or the standalone op) did it all
        }

        @Override
        public void backward(float[] y, float[] dA, float[] dZ, int rows, int cols, float[] biasGrad, int bgOff) {
            function.backward(y, dA, dZ, rows, cols, slope, biasGrad, bgOff);
        }
    };

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivationLayer a && a.function == function
                && Float.floatToIntBits(a.slope) == Float.floatToIntBits(slope);
    }

    @Override
    public int hashCode() {
        return function.hashCode() * 31 + Float.hashCode(slope);
    }

    @Override
    public String toString() {
        return function == Activation.LEAKY_RELU ? "LeakyReLU(" + slope + ")" : name();
    }
}
