package org.backprop4j.model;

import java.util.Arrays;
import org.backprop4j.kernel.ArraySizes;
import org.backprop4j.kernel.VectorModule;

/**
 * Fully connected layer {@code y = x·W + b}: W is inputs×outputs row-major, b has outputs
 * elements. Once added to a {@link Network}, W and b are views into the network's one flat
 * parameter buffer (W first, then b).
 *
 * <p>Options (set before the layer joins a network): {@link #initializer} (default: He before
 * ReLU/LeakyReLU, Glorot otherwise), and L1/L2 regularisation of weights and biases as nnfs's
 * {@code weight_regularizer_l1/l2}, {@code bias_regularizer_l1/l2} (all default 0): the data loss
 * gains {@code l1·Σ|w| + l2·Σw²}.
 */
public final class Dense implements Layer {
    private final int inputs;
    private final int outputs;
    private Initializer initializer;
    private float weightL1;
    private float weightL2;
    private float biasL1;
    private float biasL2;

    private float[] params; // the owning network's buffer, once bound
    private int offset;

    /**
     * @throws IllegalArgumentException unless both sizes are positive and the parameters fit in
     *     one Java array ({@link ArraySizes#MAX_LENGTH})
     * @throws IllegalStateException when the JVM runs without the Vector API, naming the flag
     *     ({@link VectorModule#FLAG}): every model has a Dense, so this is where it is missed first
     */
    public Dense(int inputs, int outputs) {
        VectorModule.require();
        if (inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException("Dense(" + inputs + ", " + outputs
                    + "): inputs and outputs must be > 0");
        }
        String layer = "Dense(" + inputs + " → " + outputs + ")";
        long weights = ArraySizes.product(layer, "weights", inputs, outputs);
        ArraySizes.length(layer, "weights and biases", weights + outputs);
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /** Weight initialiser (default: He before a ReLU-family activation, Glorot otherwise). */
    public Dense initializer(Initializer initializer) {
        checkUnbound();
        this.initializer = initializer;
        return this;
    }

    /** L1 penalty on weights (default 0). */
    public Dense weightL1(float l1) {
        checkUnbound();
        this.weightL1 = nonNegative("weightL1", l1);
        return this;
    }

    /** L2 penalty on weights (default 0). */
    public Dense weightL2(float l2) {
        checkUnbound();
        this.weightL2 = nonNegative("weightL2", l2);
        return this;
    }

    /** L1 penalty on biases (default 0). */
    public Dense biasL1(float l1) {
        checkUnbound();
        this.biasL1 = nonNegative("biasL1", l1);
        return this;
    }

    /** L2 penalty on biases (default 0). */
    public Dense biasL2(float l2) {
        checkUnbound();
        this.biasL2 = nonNegative("biasL2", l2);
        return this;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public float weightL1() {
        return weightL1;
    }

    public float weightL2() {
        return weightL2;
    }

    public float biasL1() {
        return biasL1;
    }

    public float biasL2() {
        return biasL2;
    }

    Initializer initializer() {
        return initializer;
    }

    /** Number of parameters: inputs·outputs weights + outputs biases. */
    public int parameterCount() {
        return inputs * outputs + outputs;
    }

    /** Index of W[0][0] in the network's flat parameter (and gradient) buffer. */
    public int weightOffset() {
        checkBound();
        return offset;
    }

    /** Index of b[0] in the network's flat parameter (and gradient) buffer. */
    public int biasOffset() {
        checkBound();
        return offset + inputs * outputs;
    }

    /** A copy of W, inputs×outputs row-major. */
    public float[] weights() {
        checkBound();
        return Arrays.copyOfRange(params, weightOffset(), biasOffset());
    }

    /** A copy of b. */
    public float[] biases() {
        checkBound();
        return Arrays.copyOfRange(params, biasOffset(), biasOffset() + outputs);
    }

    /** Sets W (inputs×outputs row-major); rejects a wrong length or a non-finite value untouched. */
    public void setWeights(float[] w) {
        checkBound();
        Network.checkFinite("weights of " + this, w, inputs * outputs);
        System.arraycopy(w, 0, params, weightOffset(), w.length);
    }

    /** Sets b; rejects a wrong length or a non-finite value untouched. */
    public void setBiases(float[] b) {
        checkBound();
        Network.checkFinite("biases of " + this, b, outputs);
        System.arraycopy(b, 0, params, biasOffset(), b.length);
    }

    /** Picks the initialiser when the user did not (at compile time, knowing the next activation). */
    void defaultInitializer(Initializer byActivation) {
        if (initializer == null) {
            initializer = byActivation;
        }
    }

    boolean isBound() {
        return params != null;
    }

    void bind(float[] params, int offset) {
        checkUnbound();
        this.params = params;
        this.offset = offset;
    }

    boolean regularized() {
        return weightL1 != 0f || weightL2 != 0f || biasL1 != 0f || biasL2 != 0f;
    }

    private void checkUnbound() {
        if (params != null) {
            throw new IllegalStateException(this + " already belongs to a network; create a new Dense");
        }
    }

    private void checkBound() {
        if (params == null) {
            throw new IllegalStateException(this + " is not part of a network yet");
        }
    }

    private static float nonNegative(String name, float v) {
        if (!(v >= 0f) || !Float.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
        }
        return v;
    }

    @Override
    public String toString() {
        return "Dense(" + inputs + ", " + outputs + ")";
    }
}
