package org.backprop4j.model;

import java.util.Arrays;
import java.util.List;
import org.backprop4j.kernel.ArraySizes;
import org.backprop4j.kernel.Epilogue;
import org.backprop4j.kernel.Gemm;
import org.backprop4j.kernel.ParameterUpdates;
import org.backprop4j.kernel.SingleOutput;
import org.backprop4j.kernel.SplitMix64;
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
public final class Dense extends Layer {

    /** What a model file stores of a Dense layer (its weights and biases are in the parameters). */
    public record Configuration(int inputs, int outputs, float weightL1, float weightL2, float biasL1, float biasL2)
            implements Layer.Configuration {
        @Override
        public String kind() {
            return "dense";
        }

        @Override
        public Dense build() {
            return new Dense(inputs, outputs).weightL1(weightL1).weightL2(weightL2).biasL1(biasL1).biasL2(biasL2);
        }

        @Override
        public long parameterCount() {
            return inputs <= 0 || outputs <= 0 ? 0 : (long) inputs * outputs + outputs;
        }
    }

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

    private boolean regularized() {
        return weightL1 != 0f || weightL2 != 0f || biasL1 != 0f || biasL2 != 0f;
    }

    @Override
    public Configuration configuration() {
        return new Configuration(inputs, outputs, weightL1, weightL2, biasL1, biasL2);
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Dense(" + inputs + ", " + outputs);
        String[] names = {"weightL1", "weightL2", "biasL1", "biasL2"};
        float[] values = {weightL1, weightL2, biasL1, biasL2};
        for (int i = 0; i < names.length; i++) {
            if (values[i] != 0f) {
                sb.append(", ").append(names[i]).append(' ').append(values[i]);
            }
        }
        return sb.append(')').toString();
    }

    @Override
    int inputWidth() {
        return inputs;
    }

    @Override
    int outputWidth(int width) {
        return outputs;
    }

    @Override
    long parameterCount(int width) {
        return parameterCount();
    }

    /**
     * Binds W and b to {@code params[offset ..]} and makes the op: one GEMM with the bias and the
     * {@code fused} activation's element-wise part in its epilogue (He initialisation before the
     * ReLU family unless the user chose).
     */
    @Override
    void checkAvailable(String name) {
        if (this.params != null) {
            throw new IllegalStateException(name + " already belongs to a network; create a new Dense");
        }
    }

    @Override
    Op compile(int index, int width, Layer fused, float[] params, int offset, String name) {
        checkAvailable(name);
        Layer activation = fused == null ? Activations.linear() : fused;
        Activating act = activation.activating();
        if (initializer == null) {
            initializer = act.elementwise().rectifier() ? Initializer.he() : Initializer.glorot();
        }
        this.params = params;
        this.offset = offset;
        return new DenseOp(index, activation, act, name);
    }

    /** Dense + its activation: one GEMM with the bias and activation fused into the epilogue. */
    private final class DenseOp extends Op {
        private final Layer activation;
        private final Activating act;
        private final int wOff = weightOffset();
        private final int bOff = biasOffset();
        private final Epilogue epilogue;

        DenseOp(int index, Layer activation, Activating act, String name) {
            super(index, inputs, outputs, name);
            this.activation = activation;
            this.act = act;
            this.epilogue = Epilogue.of(params, bOff, act.elementwise(), act.slope());
        }

        @Override
        void forward(Workspace ws, float[] x, int xOff, int rows, long seed) {
            // x: rows×in, W: in×out, y = act(x·W + b): rows×out
            float[] y = ws.out[index];
            if (out == 1) { // a GEMM would pad one column to a whole register tile
                SingleOutput.forward(x, xOff, params, wOff, params[bOff], y, 0, rows, in,
                        act.elementwise(), act.slope(), ws.lanes);
            } else {
                ws.gemm.sgemm(false, false, rows, out, in, 1f, x, xOff, in, params, wOff, out,
                        0f, y, 0, out, epilogue);
            }
            act.finish(y, rows, out);
        }

        @Override
        void backward(Workspace ws, float[] x, int xOff, int rows, float[] dOut,
                      boolean preActivation, float[] dIn, float[] grads) {
            // dZ = dA ⊙ f'(y) in place, db = Σ_rows dZ; dW = xᵀ·dZ: in×out; dX = dZ·Wᵀ: rows×in
            (preActivation ? Activations.linear().activating() : act).backward(ws.out[index], dOut, dOut, rows, out, grads, bOff);
            if (out == 1) {
                SingleOutput.weightGradient(x, xOff, dOut, 0, grads, wOff, rows, in);
                if (dIn != null) {
                    SingleOutput.inputGradient(dOut, 0, params, wOff, dIn, 0, rows, in);
                }
                return;
            }
            ws.gemm.sgemm(true, false, in, out, rows, 1f, x, xOff, in, dOut, 0, out,
                    0f, grads, wOff, out, Epilogue.NONE);
            if (dIn != null) {
                ws.gemm.sgemm(false, true, rows, in, out, 1f, dOut, 0, out, params, wOff, out,
                        0f, dIn, 0, in, Epilogue.NONE);
            }
        }

        @Override
        int parameterCount() {
            return Dense.this.parameterCount();
        }

        @Override
        List<ParameterBlock> parameterBlocks(int layer) {
            return List.of(new ParameterBlock(layer, "weights", wOff, in, out), new ParameterBlock(layer, "biases", bOff, 1, out));
        }

        @Override
        boolean regularized() {
            return Dense.this.regularized();
        }

        @Override
        void initialize(float[] p, long seed) {
            initializer.initialize(p, wOff, in, out, seed);
            Arrays.fill(p, bOff, bOff + out, 0f);
        }

        @Override
        double regularize(float[] p, float[] grads) {
            if (!regularized()) {
                return 0;
            }
            return ParameterUpdates.regularize(p, grads, wOff, in * out, weightL1, weightL2)
                    + ParameterUpdates.regularize(p, grads, bOff, out, biasL1, biasL2);
        }

        @Override
        double penalty(float[] p) {
            if (!regularized()) {
                return 0;
            }
            return ParameterUpdates.penalty(p, wOff, in * out, weightL1, weightL2)
                    + ParameterUpdates.penalty(p, bOff, out, biasL1, biasL2);
        }

        @Override
        boolean forks(int rows, int parallelism) {
            return Gemm.forks(rows, out, in, parallelism) || Gemm.forks(in, out, rows, parallelism)
                    || Gemm.forks(rows, in, out, parallelism);
        }

        @Override
        Layer output() {
            return activation;
        }
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
