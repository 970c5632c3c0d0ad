package org.backprop4j.model;

import org.backprop4j.kernel.Activation;
import org.backprop4j.kernel.Softmax;

/**
 * Row-wise softmax, {@code y[i][j] = exp(x[i][j] − max_i) / Σ_k exp(x[i][k] − max_i)}; create
 * with {@link Activations#softmax()}. Not element-wise, so after a {@link Dense} it runs as its
 * own pass after the GEMM; before {@link Loss#categoricalCrossEntropy()} the two fuse into one
 * gradient, (p − t)/N. Model files store it as the activation {@code SOFTMAX}.
 */
public final class SoftmaxLayer extends Layer {
    static final SoftmaxLayer INSTANCE = new SoftmaxLayer();

    /** Its name in model files. */
    static final String NAME = "SOFTMAX";

    private SoftmaxLayer() {
    }

    @Override
    public ActivationLayer.Configuration configuration() {
        return new ActivationLayer.Configuration(NAME, 0f);
    }

    @Override
    Op compile(int index, int width, Layer fused, float[] params, int offset, String name) {
        return Activating.standalone(this, index, width, name);
    }

    @Override
    Activating activating() {
        return ACTIVATING;
    }

    private static final Activating ACTIVATING = new Activating() {
        @Override
        public Activation elementwise() {
            return Activation.IDENTITY;
        }

        @Override
        public float slope() {
            return 0f;
        }

        @Override
        public void finish(float[] y, int rows, int cols) {
            Softmax.forward(y, 0, rows, cols);
        }

        @Override
        public void backward(float[] y, float[] dA, float[] dZ, int rows, int cols, float[] biasGrad, int bgOff) {
            Softmax.backward(y, 0, dA, 0, dZ, 0, rows, cols);
            // the Jacobian product is done; what remains is the bias column sums
            Activation.IDENTITY.backward(y, dZ, dZ, rows, cols, 0f, biasGrad, bgOff);
        }
    };

    @Override
    public String toString() {
        return NAME;
    }
}
