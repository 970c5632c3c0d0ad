package org.backprop4j.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of a feed-forward network: {@link Dense}, an activation from {@link Activations},
 * {@link Dropout} or {@link LayerNorm}. Layers describe; a {@link Network} compiles each into an
 * op and runs them.
 *
 * <p>Everything about a kind of layer lives in its own class: its widths, its slice of the
 * network's flat parameter buffer, its forward and backward pass (its op), its regularisation,
 * and its {@link Configuration}, which is what a model file stores. {@link Network}, the trainer
 * and the model file only iterate over layers and ops.
 */
public abstract class Layer {

    /**
     * A layer's configuration as an immutable record: a model file stores {@link #kind()} and
     * then the record's components in declaration order (int, float, or String), and reads them
     * back through the canonical constructor, which checks them.
     */
    public interface Configuration {
        /** The layer kind, as model files spell it. */
        String kind();

        /** A new layer of this configuration. */
        Layer build();

        /**
         * The parameters the layer will hold (0 when it has none or the configuration is
         * invalid, which {@link #build()} then rejects): lets a reader check a size against the
         * bytes that follow before it allocates anything of that size.
         */
        default long parameterCount() {
            return 0;
        }
    }

    /** Every layer kind a model file can hold: the one table a new kind of layer is added to. */
    private static final Map<String, Class<? extends Configuration>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("dense", Dense.Configuration.class);
        KINDS.put("activation", ActivationLayer.Configuration.class);
        KINDS.put("dropout", Dropout.Configuration.class);
        KINDS.put("layernorm", LayerNorm.Configuration.class);
    }

    /** Package-private: the op protocol below is the engine's, so only this package adds kinds of layer. */
    Layer() {
    }

    /** The configuration record of the layer kind called {@code kind}, or null for an unknown kind. */
    public static Class<? extends Configuration> configurationType(String kind) {
        return KINDS.get(kind);
    }

    /** What a model file stores of this layer. */
    public abstract Configuration configuration();

    /** The layer with every setting that matters, for architecture messages; e.g. {@code Dense(2, 64, weightL2 5.0E-4)}. */
    public String describe() {
        return toString();
    }

    // ---- compiling: what a Network asks of each layer ----------------------------------------

    /** The input width this layer requires, or 0 when it takes whatever the layer before gives. */
    int inputWidth() {
        return 0;
    }

    /** The output width for an input of {@code width}. */
    int outputWidth(int width) {
        return width;
    }

    /** The parameters this layer needs for an input of {@code width}: its slice of the flat buffer. */
    long parameterCount(int width) {
        return 0;
    }

    /**
     * Checks, before any layer of a network is compiled, that this one can still join it
     * ({@code name}: "layer i …" for messages), so that a refused network binds nothing.
     */
    void checkAvailable(String name) {
    }

    /** As an activation that a Dense can absorb ({@link Fusion#intoPrevious}), or null for other layers. */
    Activating activating() {
        return null;
    }

    /**
     * This layer's op. {@code width}: its input width; {@code fused}: the activation folded into
     * it ({@link Fusion#intoPrevious}), or null; its parameters are {@code params[offset ..
     * offset + parameterCount(width))}.
     */
    abstract Op compile(int index, int width, Layer fused, float[] params, int offset, String name);
}
