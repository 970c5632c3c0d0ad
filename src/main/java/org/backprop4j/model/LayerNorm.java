package org.backprop4j.model;

import java.util.Arrays;
import java.util.List;
import org.backprop4j.kernel.ArraySizes;
import org.backprop4j.kernel.LayerNormalization;

/**
 * Layer normalisation, PyTorch's {@code nn.LayerNorm(features)}: each row is normalised to mean
 * 0 and variance 1 (the biased variance, ε = 1e-5 inside the root), then scaled by a learnable
 * gain γ and shifted by a learnable bias β, one each per feature. Its parameters are γ then β in
 * the network's flat buffer, starting at 1 and 0 as in PyTorch; not regularised.
 */
public final class LayerNorm extends Layer {
    /** PyTorch's default ε. */
    public static final float EPSILON = 1e-5f;

    /** What a model file stores of a layer norm (γ and β are in the parameters). */
    public record Configuration(int features) implements Layer.Configuration {
        public Configuration {
            if (features <= 0) {
                throw new IllegalArgumentException("LayerNorm(" + features + "): features must be > 0");
            }
            ArraySizes.length("LayerNorm(" + features + ")", "gains and biases", 2L * features);
        }

        @Override
        public String kind() {
            return "layernorm";
        }

        @Override
        public LayerNorm build() {
            return new LayerNorm(features);
        }

        @Override
        public long parameterCount() {
            return features <= 0 ? 0 : 2L * features;
        }
    }

    private final int features;

    /** @throws IllegalArgumentException unless {@code features} is positive */
    public LayerNorm(int features) {
        new Configuration(features); // its checks
        this.features = features;
    }

    public int features() {
        return features;
    }

    @Override
    public Configuration configuration() {
        return new Configuration(features);
    }

    @Override
    public String toString() {
        return "LayerNorm(" + features + ")";
    }

    @Override
    int inputWidth() {
        return features;
    }

    @Override
    long parameterCount(int width) {
        return 2L * features;
    }

    @Override
    Op compile(int index, int width, Layer fused, float[] params, int offset, String name) {
        int gOff = offset;
        int bOff = offset + features;
        return new Op(index, width, width, name) {
            @Override
            void forward(Workspace ws, float[] x, int xOff, int rows, long seed) {
                // x, y: rows×features; scratch: (μ, rstd) per row
                LayerNormalization.forward(x, xOff, params, gOff, bOff, ws.out[index], ws.scratch[index],
                        rows, features, EPSILON, ws.lanes);
            }

            @Override
            void backward(Workspace ws, float[] x, int xOff, int rows, float[] dOut,
                          boolean preActivation, float[] dIn, float[] grads) {
                // dX: rows×features; dγ, dβ: features each
                LayerNormalization.backward(x, xOff, params, gOff, ws.scratch[index], dOut, dIn, grads, bOff,
                        rows, features, ws.lanes);
            }

            @Override
            int parameterCount() {
                return 2 * features;
            }

            @Override
            List<ParameterBlock> parameterBlocks(int layer) {
                return List.of(new ParameterBlock(layer, "gain", gOff, 1, features),
                        new ParameterBlock(layer, "bias", bOff, 1, features));
            }

            @Override
            void initialize(float[] p, long seed) {
                Arrays.fill(p, gOff, bOff, 1f);
                Arrays.fill(p, bOff, bOff + features, 0f);
            }

            @Override
            int scratchPerRow() {
                return 2;
            }

            @Override
            long flopsPerRow() {
                return 16L * features; // forward ~6 per feature, backward ~10
            }
        };
    }
}
