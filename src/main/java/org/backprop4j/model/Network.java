package org.backprop4j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.backprop4j.kernel.ArraySizes;
import org.backprop4j.kernel.LossGradients;
import org.backprop4j.kernel.ParameterUpdates;
import org.backprop4j.kernel.SplitMix64;
import org.backprop4j.model.ActivationLayer.Function;

/**
 * A feed-forward network compiled from layers: Dense layers fused with the activation that follows
 * them, all parameters in ONE flat buffer (each Dense a view), gradients in a second buffer of the
 * same layout. The single-threaded building blocks of training: {@link #forward},
 * {@link #lossGradient}, {@link #backward}, {@link #regularize}; a trainer adds batching, threads
 * and the optimiser step.
 *
 * <p>Thread safety: forward/backward write only to the {@link Workspace} and the gradient buffer
 * passed in, and read the parameters; concurrent passes need one workspace each and must not run
 * while the parameters change.
 */
public final class Network {
    private final List<Layer> layers;
    private final Op[] ops;
    private final Dense[] denses;
    private final int firstTrainable; // ops before it have no parameters: backward stops there
    private final float[] params;
    private final float[] grads;

    /**
     * Compiles {@code layers} and initialises the weights from {@code seed}.
     *
     * @throws IllegalArgumentException naming both layers when widths do not match, when there
     *                                  is no Dense layer, or when the parameters of all layers
     *                                  together do not fit in one Java array
     * @throws IllegalStateException    when a Dense already belongs to another network
     */
    public Network(long seed, Layer... layers) {
        this.layers = List.of(layers);
        int[] widths = checkShapes(this.layers);
        List<Dense> dl = new ArrayList<>();
        long size = 0;
        for (Layer l : this.layers) {
            if (l instanceof Dense d) {
                dl.add(d);
                size += d.parameterCount();
            }
        }
        denses = dl.toArray(new Dense[0]);
        params = new float[ArraySizes.length("a network of " + denses.length + " Dense layers", "parameters in all", size)];
        grads = new float[params.length];
        int offset = 0;
        for (Dense d : denses) {
            d.bind(params, offset);
            offset += d.parameterCount();
        }
        ops = compile(this.layers, widths, params);
        int first = 0;
        while (!(ops[first] instanceof Op.DenseOp)) {
            first++;
        }
        firstTrainable = first;
        initialize(seed);
    }

    /** Input width of each layer, after checking that consecutive layers fit. */
    private static int[] checkShapes(List<Layer> layers) {
        int firstDense = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == null) {
                throw new IllegalArgumentException("layer " + (i + 1) + " is null");
            }
            if (layers.get(i) instanceof Dense d) {
                if (firstDense < 0) {
                    firstDense = i;
                }
                if (d.isBound()) {
                    throw new IllegalStateException("layer " + (i + 1) + " " + d
                            + " already belongs to a network; create a new Dense");
                }
                for (int j = 0; j < i; j++) {
                    if (layers.get(j) == d) {
                        throw new IllegalArgumentException("layer " + (i + 1) + " " + d
                                + " is the same object as layer " + (j + 1));
                    }
                }
            }
        }
        if (firstDense < 0) {
            throw new IllegalArgumentException("a network needs at least one Dense layer");
        }
        int[] widths = new int[layers.size() + 1];
        int width = ((Dense) layers.get(firstDense)).inputs();
        int from = -1; // the layer that set the current width
        for (int i = 0; i < layers.size(); i++) {
            widths[i] = width;
            if (layers.get(i) instanceof Dense d) {
                if (d.inputs() != width) {
                    throw new IllegalArgumentException("shape mismatch: layer " + (i + 1) + " " + d
                            + " expects " + d.inputs() + " inputs but layer " + (from + 1) + " "
                            + layers.get(from) + " outputs " + width);
                }
                width = d.outputs();
                from = i;
            }
        }
        widths[layers.size()] = width;
        return widths;
    }

    private static Op[] compile(List<Layer> layers, int[] widths, float[] params) {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String name = "layer " + (i + 1) + " " + l;
            if (l instanceof Dense d) {
                ActivationLayer act = i + 1 < layers.size() && layers.get(i + 1) instanceof ActivationLayer a ? a : null;
                if (act != null) {
                    i++;
                    name += "+" + act;
                }
                d.defaultInitializer(act != null && act.function().reluFamily() ? Initializer.he() : Initializer.glorot());
                ops.add(new Op.DenseOp(ops.size(), d, act, params, name));
            } else if (l instanceof ActivationLayer a) {
                ops.add(new Op.ActivationOp(ops.size(), widths[i], a, name));
            } else if (l instanceof Dropout dr) {
                ops.add(new Op.DropoutOp(ops.size(), widths[i], dr, name));
            }
        }
        return ops.toArray(new Op[0]);
    }

    /** Re-initialises every Dense from {@code seed} (layer k uses a stream derived from (seed, k)); biases 0. */
    public void initialize(long seed) {
        for (int k = 0; k < denses.length; k++) {
            Dense d = denses[k];
            d.initializer().initialize(params, d.weightOffset(), d.inputs(), d.outputs(),
                    SplitMix64.derive(seed, k));
            Arrays.fill(params, d.biasOffset(), d.biasOffset() + d.outputs(), 0f);
        }
    }

    public List<Layer> layers() {
        return layers;
    }

    /** The Dense layers in order. */
    public List<Dense> denseLayers() {
        return List.of(denses);
    }

    public int inputs() {
        return ops[0].in;
    }

    public int outputs() {
        return ops[ops.length - 1].out;
    }

    public int parameterCount() {
        return params.length;
    }

    /** The live flat parameter buffer (every Dense's W then b, in layer order). */
    public float[] parameters() {
        return params;
    }

    /** The live flat gradient buffer, same layout as {@link #parameters()}. */
    public float[] gradients() {
        return grads;
    }

    /** Copies {@code values} into the parameters; a wrong length or non-finite value is rejected untouched. */
    public void setParameters(float[] values) {
        checkFinite("parameters", values, params.length);
        System.arraycopy(values, 0, params, 0, params.length);
    }

    /** A workspace for passes of up to {@code rows} rows. */
    public Workspace newWorkspace(int rows) {
        return new Workspace(ops, rows, null);
    }

    /**
     * A workspace for passes of up to {@code rows} rows whose large GEMMs may fork onto
     * {@code pool} ({@code null}: the calling thread only). The results are the same bits either
     * way: a GEMM's threads own disjoint slices of its output, each computed as one thread would.
     */
    public Workspace newWorkspace(int rows, ForkJoinPool pool) {
        return new Workspace(ops, rows, pool);
    }

    /**
     * Forward pass of rows×inputs starting at {@code x[xOff]}; returns the workspace buffer holding
     * the rows×outputs result from index 0. {@code training} turns dropout on, with masks drawn
     * from {@code seed}. No argument checks: callers validate once per call, not per batch.
     */
    public float[] forward(Workspace ws, float[] x, int xOff, int rows, boolean training, long seed) {
        ws.training = training;
        for (Op op : ops) {
            op.forward(ws, x, xOff, rows, seed);
            x = ws.out[op.index];
            xOff = 0;
        }
        return x;
    }

    /**
     * The loss of the last forward's output (rows of it) and its gradient, which is left in the
     * workspace for {@link #backward}. Targets: {@code labels} (class indices, categorical
     * cross-entropy only) or {@code targets} (rows×outputs), starting at row {@code off}.
     * The gradient is that of the MEAN over {@code batchRows} rows, so the gradients of the shards
     * of one batch add up to the batch gradient. Returns the SUM of per-row losses times the loss
     * scale. Softmax+CCE and Sigmoid+BCE write the fused gradient w.r.t. the pre-activation.
     */
    public double lossGradient(Workspace ws, Loss loss, int rows, int batchRows,
                               int[] labels, float[] targets, int off) {
        int cols = outputs();
        float[] y = ws.output();
        float[] d = ws.gradA;
        Function last = lastFunction();
        float perRow = loss.scale() / batchRows;
        float perElement = perRow / cols;
        double sum;
        switch (loss.kind()) {
            case CATEGORICAL_CROSS_ENTROPY -> {
                ws.preActivation = last == Function.SOFTMAX;
                if (ws.preActivation) {
                    sum = labels != null
                            ? LossGradients.softmaxCrossEntropy(y, 0, labels, off, d, 0, rows, cols, perRow)
                            : LossGradients.softmaxCrossEntropy(y, 0, targets, off * cols, d, 0, rows, cols, perRow);
                } else {
                    if (labels != null) {
                        throw new IllegalStateException("class labels need a softmax output; pass one-hot targets");
                    }
                    sum = LossGradients.crossEntropy(y, 0, targets, off * cols, d, 0, rows, cols, perRow);
                }
            }
            case BINARY_CROSS_ENTROPY -> {
                ws.preActivation = last == Function.SIGMOID;
                sum = ws.preActivation
                        ? LossGradients.sigmoidBinaryCrossEntropy(y, 0, targets, off * cols, d, 0, rows, cols, perElement)
                        : LossGradients.binaryCrossEntropy(y, 0, targets, off * cols, d, 0, rows, cols, perElement);
            }
            case MEAN_SQUARED_ERROR -> {
                ws.preActivation = false;
                sum = LossGradients.meanSquaredError(y, 0, targets, off * cols, d, 0, rows, cols, perElement);
            }
            default -> throw new AssertionError(loss.kind());
        }
        return sum * loss.scale();
    }

    /**
     * Backward pass of the last forward (same x and rows) from the loss gradient left by
     * {@link #lossGradient}; OVERWRITES {@code grads} (layout of {@link #parameters()}) with the
     * parameter gradients. dX is not computed for the first layer with parameters.
     */
    public void backward(Workspace ws, float[] x, int xOff, int rows, float[] grads) {
        float[] dOut = ws.gradA;
        float[] spare = ws.gradB;
        boolean preActivation = ws.preActivation;
        for (int i = ops.length - 1; i >= firstTrainable; i--) {
            float[] in = i == 0 ? x : ws.out[i - 1];
            int inOff = i == 0 ? xOff : 0;
            float[] dIn = i == firstTrainable ? null : spare;
            ops[i].backward(ws, in, inOff, rows, dOut, preActivation, dIn, grads);
            spare = dOut;
            dOut = dIn;
            preActivation = false;
        }
    }

    /**
     * Adds the L1/L2 gradients of every regularised Dense to {@code grads} and returns the total
     * penalty, one pass per regularised range.
     */
    public double regularize(float[] grads) {
        double penalty = 0;
        for (Dense d : denses) {
            if (d.regularized()) {
                penalty += ParameterUpdates.regularize(params, grads, d.weightOffset(),
                        d.inputs() * d.outputs(), d.weightL1(), d.weightL2());
                penalty += ParameterUpdates.regularize(params, grads, d.biasOffset(), d.outputs(),
                        d.biasL1(), d.biasL2());
            }
        }
        return penalty;
    }

    /** The L1/L2 penalty of the current parameters. */
    public double regularizationPenalty() {
        double penalty = 0;
        for (Dense d : denses) {
            if (d.regularized()) {
                penalty += ParameterUpdates.penalty(params, d.weightOffset(), d.inputs() * d.outputs(),
                        d.weightL1(), d.weightL2());
                penalty += ParameterUpdates.penalty(params, d.biasOffset(), d.outputs(), d.biasL1(), d.biasL2());
            }
        }
        return penalty;
    }

    private Function lastFunction() {
        Op last = ops[ops.length - 1];
        if (last instanceof Op.DenseOp d) {
            return d.fn;
        }
        return last instanceof Op.ActivationOp a ? a.fn : Function.LINEAR;
    }

    static void checkFinite(String what, float[] values, int expectedLength) {
        if (values == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (values.length != expectedLength) {
            throw new IllegalArgumentException(what + ": expected " + expectedLength
                    + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " contain a non-finite value " + values[i]
                        + " at index " + i);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Network[");
        for (Op op : ops) {
            sb.append(op.index == 0 ? "" : ", ").append(op.name);
        }
        return sb.append("]").toString();
    }
}
