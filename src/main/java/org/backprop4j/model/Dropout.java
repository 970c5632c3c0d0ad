package org.backprop4j.model;

import org.backprop4j.kernel.DropoutMask;
import org.backprop4j.kernel.SplitMix64;

/**
 * Inverted dropout: while training, zeroes each input with probability {@code rate} and scales the
 * rest by 1/(1−rate); identity at inference. Masks come from a random stream derived from
 * (seed, epoch, batch, shard), so they do not depend on the thread count.
 */
public final class Dropout extends Layer {

    /** What a model file stores of a dropout layer. @param rate fraction dropped, in [0, 1) */
    public record Configuration(float rate) implements Layer.Configuration {
        public Configuration {
            if (!(rate >= 0f && rate < 1f)) {
                throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
            }
        }

        @Override
        public String kind() {
            return "dropout";
        }

        @Override
        public Dropout build() {
            return new Dropout(rate);
        }
    }

    private final float rate;

    /** @param rate fraction dropped, in [0, 1) */
    public Dropout(float rate) {
        new Configuration(rate); // its checks
        this.rate = rate;
    }

    /** The fraction dropped. */
    public float rate() {
        return rate;
    }

    @Override
    public Configuration configuration() {
        return new Configuration(rate);
    }

    @Override
    public String toString() {
        return "Dropout(" + rate + ")";
    }

    @Override
    Op compile(int index, int width, Layer fused, float[] params, int offset, String name) {
        return new Op(index, width, width, name) {
            @Override
            void forward(Workspace ws, float[] x, int xOff, int rows, long seed) {
                // x, y, mask: rows×width
                float[] y = ws.out[index];
                if (ws.training && rate > 0f) {
                    DropoutMask.fillMask(ws.scratch[index], 0, rows * out, SplitMix64.derive(seed, index), rate);
                    DropoutMask.multiply(x, xOff, ws.scratch[index], 0, y, 0, rows * out);
                } else {
                    System.arraycopy(x, xOff, y, 0, rows * out);
                }
            }

            @Override
            void backward(Workspace ws, float[] x, int xOff, int rows, float[] dOut,
                          boolean preActivation, float[] dIn, float[] grads) {
                // dX = dY ⊙ mask: rows×width
                if (dIn == null) {
                    return;
                }
                if (ws.training && rate > 0f) {
                    DropoutMask.multiply(dOut, 0, ws.scratch[index], 0, dIn, 0, rows * out);
                } else {
                    System.arraycopy(dOut, 0, dIn, 0, rows * out);
                }
            }

            @Override
            int scratchPerRow() {
                return out; // the mask
            }
        };
    }
}
