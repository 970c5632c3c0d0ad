package org.backprop4j.model;

/**
 * A loss on the network output, averaged over the batch. Immutable.
 * <ul>
 *   <li>{@link #mse()}: mean over outputs of (y − t)².</li>
 *   <li>{@link #binaryCrossEntropy()}: mean over outputs of −(t·log y + (1−t)·log(1−y)), y clipped
 *       to [1e-7, 1−1e-7]; after a sigmoid the gradient is the fused (y − t)/(N·outputs).</li>
 *   <li>{@link #categoricalCrossEntropy()}: −log(max(p_label, 1e-7)) (class indices) or
 *       −Σ t·log(max(p, 1e-7)) (one-hot/soft targets); after a softmax the gradient is the fused
 *       (p − t)/N.</li>
 * </ul>
 */
public final class Loss {

    /** What the loss computes. */
    public enum Kind { MEAN_SQUARED_ERROR, BINARY_CROSS_ENTROPY, CATEGORICAL_CROSS_ENTROPY }

    private final Kind kind;
    private final float scale;

    private Loss(Kind kind, float scale) {
        this.kind = kind;
        this.scale = scale;
    }

    public static Loss mse() {
        return new Loss(Kind.MEAN_SQUARED_ERROR, 1f);
    }

    public static Loss binaryCrossEntropy() {
        return new Loss(Kind.BINARY_CROSS_ENTROPY, 1f);
    }

    public static Loss categoricalCrossEntropy() {
        return new Loss(Kind.CATEGORICAL_CROSS_ENTROPY, 1f);
    }

    /**
     * This loss times {@code factor}, value and gradient alike; e.g. {@code mse().scaled(0.5f)} is
     * the textbook ½(y − t)² for one output.
     */
    public Loss scaled(float factor) {
        if (!(factor > 0f) || !Float.isFinite(factor)) {
            throw new IllegalArgumentException("loss scale must be finite and > 0, got " + factor);
        }
        return new Loss(kind, scale * factor);
    }

    public Kind kind() {
        return kind;
    }

    public float scale() {
        return scale;
    }

    /** True when targets are class indices in [0, outputs) rather than values per output. */
    boolean takesClassLabels() {
        return kind == Kind.CATEGORICAL_CROSS_ENTROPY;
    }

    @Override
    public String toString() {
        return kind + (scale == 1f ? "" : "×" + scale);
    }
}
