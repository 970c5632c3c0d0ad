package org.backprop4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.backprop4j.kernel.ArraySizes;
import org.backprop4j.kernel.LossGradients;
import org.backprop4j.kernel.SplitMix64;

/**
 * A feed-forward network compiled from layers into ops: each layer makes its own op, a Dense
 * fused with the activation that follows it ({@link Fusion}); all parameters in ONE flat buffer
 * (each op a slice), gradients in a second buffer of the same layout. The single-threaded
 * building blocks of training: {@link #forward}, {@link #lossGradient}, {@link #backward},
 * {@link #regularize}; a trainer adds batching, threads and the optimiser step.
 *
 * <p>Thread safety: forward/backward write only to the {@link Workspace} and the gradient buffer
 * passed in, and read the parameters; concurrent passes need one workspace each and must not run
 * while the parameters change.
 */
public final class Network {
    private final List<Layer> layers;
    private final Op[] ops;
    private final int[] layerIndex; // of op i's (first) layer
    private final int firstTrainable; // ops before it have no parameters: backward stops there
    private final float[] params;
    private final float[] grads;

    /**
     * Compiles {@code layers} and initialises the weights from {@code seed}.
     *
     * @throws IllegalArgumentException naming both layers when widths do not match, when no
     *                                  layer has parameters, or when the parameters of all layers
     *                                  together do not fit in one Java array
     * @throws IllegalStateException    when a Dense already belongs to another network
     */
    public Network(long seed, Layer... layers) {
        this.layers = List.of(checkNotNull(layers));
        int[] widths = checkShapes(this.layers);
        long size = 0;
        List<String> withParameters = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            long count = layers[i].parameterCount(widths[i]);
            for (int j = 0; j < i && count > 0; j++) { // each position has parameters of its own
                if (layers[j] == layers[i]) {
                    throw new IllegalArgumentException("layer " + (i + 1) + " " + layers[i]
                            + " is the same object as layer " + (j + 1));
                }
            }
            if (count > 0) {
                withParameters.add(layers[i].getClass().getSimpleName());
                size += count;
            }
        }
        if (withParameters.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer with parameters, such as a Dense layer");
        }
        boolean oneKind = withParameters.stream().distinct().count() == 1;
        params = new float[ArraySizes.length("a network of " + withParameters.size() + " "
                + (oneKind ? withParameters.get(0) + " layers" : "layers with parameters"), "parameters in all", size)];
        grads = new float[params.length];
        List<Integer> layerOfOp = new ArrayList<>();
        ops = compile(this.layers, widths, params, layerOfOp);
        layerIndex = layerOfOp.stream().mapToInt(Integer::intValue).toArray();
        int first = 0;
        while (ops[first].parameterCount() == 0) {
            first++;
        }
        firstTrainable = first;
        initialize(seed);
    }

    /** Every layer present and able to join. */
    private static Layer[] checkNotNull(Layer[] layers) {
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == null) {
                throw new IllegalArgumentException("layer " + (i + 1) + " is null");
            }
            layers[i].checkAvailable("layer " + (i + 1) + " " + layers[i]);
        }
        return layers;
    }

    /** Input width of each layer (and the output width last), after checking that consecutive layers fit. */
    private static int[] checkShapes(List<Layer> layers) {
        int width = 0;
        for (Layer l : layers) {
            if (l.inputWidth() > 0) { // the first layer that fixes a width fixes the network's inputs
                width = l.inputWidth();
                break;
            }
        }
        if (width == 0) {
            throw new IllegalArgumentException("a network needs at least one layer with parameters, such as a Dense layer");
        }
        int[] widths = new int[layers.size() + 1];
        int from = -1; // the layer that set the current width
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            widths[i] = width;
            if (l.inputWidth() > 0 && l.inputWidth() != width) {
                throw new IllegalArgumentException("shape mismatch: layer " + (i + 1) + " " + l
                        + " expects " + l.inputWidth() + " inputs but layer " + (from + 1) + " "
                        + layers.get(from) + " outputs " + width);
            }
            int next = l.outputWidth(width);
            if (next != width || l.inputWidth() > 0) {
                from = i;
            }
            width = next;
        }
        widths[layers.size()] = width;
        return widths;
    }

    /** One op per layer, but a layer that {@link Fusion#intoPrevious fuses} into the one before it. */
    private static Op[] compile(List<Layer> layers, int[] widths, float[] params, List<Integer> layerOfOp) {
        List<Op> ops = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String name = "layer " + (i + 1) + " " + l;
            Layer fused = i + 1 < layers.size() && Fusion.intoPrevious(l, layers.get(i + 1)) ? layers.get(i + 1) : null;
            if (fused != null) {
                name += "+" + fused;
            }
            layerOfOp.add(i);
            ops.add(l.compile(ops.size(), widths[i], fused, params, offset, name));
            offset += (int) l.parameterCount(widths[i]);
            i += fused == null ? 0 : 1;
        }
        return ops.toArray(new Op[0]);
    }

    /**
     * Re-initialises every layer's parameters from {@code seed} (the k-th layer with parameters
     * uses a stream derived from (seed, k)): Dense weights by their initialiser and biases 0.
     */
    public void initialize(long seed) {
        int k = 0;
        for (Op op : ops) {
            if (op.parameterCount() > 0) {
                op.initialize(params, SplitMix64.derive(seed, k++));
            }
        }
    }

    public List<Layer> layers() {
        return layers;
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

    /** The live flat parameter buffer (each layer's slice in layer order: a Dense's W then b). */
    public float[] parameters() {
        return params;
    }

    /** The live flat gradient buffer, same layout as {@link #parameters()}. */
    public float[] gradients() {
        return grads;
    }

    /** Every layer's parameter matrices, in buffer order: the layout of {@link #parameters()}. */
    public List<ParameterBlock> parameterBlocks() {
        List<ParameterBlock> blocks = new ArrayList<>();
        for (Op op : ops) {
            blocks.addAll(op.parameterBlocks(layerIndex[op.index]));
        }
        return blocks;
    }

    /** Whether some layer adds an L1/L2 penalty to the loss. */
    public boolean regularized() {
        for (Op op : ops) {
            if (op.regularized()) {
                return true;
            }
        }
        return false;
    }

    /** Forward and backward flops per row, for sizing shards. */
    public long flopsPerRow() {
        long flops = 0;
        for (Op op : ops) {
            flops += op.flopsPerRow();
        }
        return flops;
    }

    /** Whether a pass over {@code rows} rows would fork one of its GEMMs onto {@code parallelism} threads. */
    public boolean forks(int rows, int parallelism) {
        for (Op op : ops) {
            if (op.forks(rows, parallelism)) {
                return true;
            }
        }
        return false;
    }

    /** Copies {@code values} into the parameters; a wrong length or non-finite value is rejected untouched. */
    public void setParameters(float[] values) {
        checkFinite("parameters", values, params.length);
        System.arraycopy(values, 0, params, 0, params.length);
    }

    /** Floats a workspace holds per row of its capacity: {@code newWorkspace(rows)} allocates rows times this. */
    public long workspaceValuesPerRow() {
        return Workspace.valuesPerRow(ops);
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
     * from {@code seed}.
     *
     * @throws IllegalArgumentException when the workspace is another network's, rows is not in
     *     [1, capacity], or x holds fewer than rows×inputs values from xOff (O(1) checks)
     */
    public float[] forward(Workspace ws, float[] x, int xOff, int rows, boolean training, long seed) {
        check(ws, x, xOff, rows);
        ws.training = training;
        ws.rows = rows;
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
        checkLastForward(ws, rows);
        int cols = outputs();
        if (batchRows < rows || off < 0 || (labels == null) == (targets == null)
                || (labels != null ? labels.length : targets.length / cols) - off < rows) {
            throw new IllegalArgumentException("lossGradient needs rows ≤ batchRows and either labels or targets"
                    + " for rows " + off + " to " + (off + rows));
        }
        float[] y = ws.output();
        float[] d = ws.gradA;
        ws.preActivation = Fusion.withLoss(loss, ops[ops.length - 1]);
        float perRow = loss.scale() / batchRows;
        float perElement = perRow / cols;
        double sum;
        switch (loss.kind()) {
            case CATEGORICAL_CROSS_ENTROPY -> {
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
                sum = ws.preActivation
                        ? LossGradients.sigmoidBinaryCrossEntropy(y, 0, targets, off * cols, d, 0, rows, cols, perElement)
                        : LossGradients.binaryCrossEntropy(y, 0, targets, off * cols, d, 0, rows, cols, perElement);
            }
            case MEAN_SQUARED_ERROR -> {
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
        check(ws, x, xOff, rows);
        checkLastForward(ws, rows);
        if (grads == null || grads.length != params.length) {
            throw new IllegalArgumentException("backward needs a gradient buffer of " + params.length + " floats");
        }
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
     * Adds the L1/L2 gradients of every regularised layer to {@code grads} and returns the total
     * penalty, one pass per regularised range.
     */
    public double regularize(float[] grads) {
        double penalty = 0;
        for (Op op : ops) {
            penalty += op.regularize(params, grads);
        }
        return penalty;
    }

    /** The L1/L2 penalty of the current parameters. */
    public double regularizationPenalty() {
        double penalty = 0;
        for (Op op : ops) {
            penalty += op.penalty(params);
        }
        return penalty;
    }

    private void check(Workspace ws, float[] x, int xOff, int rows) {
        if (ws == null || ws.ops != ops) {
            throw new IllegalArgumentException("the workspace must be one of this network's (newWorkspace)");
        }
        if (rows < 1 || rows > ws.capacity) {
            throw new IllegalArgumentException("rows must be in [1, " + ws.capacity + "], got " + rows);
        }
        if (x == null || xOff < 0 || (x.length - xOff) / inputs() < rows) {
            throw new IllegalArgumentException("x must hold " + rows + " rows of " + inputs() + " values from index "
                    + xOff);
        }
    }

    /** The passes after forward read what it left in the workspace: the same rows. */
    private static void checkLastForward(Workspace ws, int rows) {
        if (ws == null || ws.rows != rows) {
            throw new IllegalArgumentException("expected the " + (ws == null ? 0 : ws.rows)
                    + " rows of the last forward on this workspace, got " + rows);
        }
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
