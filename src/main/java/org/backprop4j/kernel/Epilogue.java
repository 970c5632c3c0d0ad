package org.backprop4j.kernel;

import java.util.Objects;

/**
 * What {@link Gemm} does to each finished tile of C before it leaves the cache:
 * {@code C[i][j] = act(C[i][j] + bias[biasOffset + j])}. Immutable; a layer builds its epilogue
 * once and passes it on every call, so the hot path allocates nothing.
 *
 * @param activation the activation applied last
 * @param slope      the negative-side slope of {@link Activation#LEAKY_RELU} (ignored otherwise)
 * @param bias       per-column bias, or {@code null} for none
 * @param biasOffset index of column 0's bias in {@code bias}
 */
public record Epilogue(Activation activation, float slope, float[] bias, int biasOffset) {

    /** No bias, no activation: plain GEMM. */
    public static final Epilogue NONE = new Epilogue(Activation.IDENTITY, 0f, null, 0);

    public Epilogue {
        Objects.requireNonNull(activation, "activation");
        if (biasOffset < 0) {
            throw new IllegalArgumentException("biasOffset must be >= 0, got " + biasOffset);
        }
    }

    /** Bias then activation. */
    public static Epilogue of(float[] bias, int biasOffset, Activation activation, float slope) {
        return new Epilogue(activation, slope, bias, biasOffset);
    }

    /** Activation only. */
    public static Epilogue of(Activation activation) {
        return new Epilogue(activation, activation == Activation.LEAKY_RELU ? 0.01f : 0f, null, 0);
    }

    boolean isNone() {
        return bias == null && activation == Activation.IDENTITY;
    }
}
