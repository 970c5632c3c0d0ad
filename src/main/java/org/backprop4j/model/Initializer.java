package org.backprop4j.model;

import org.backprop4j.kernel.SplitMix64;

/**
 * Fills a Dense layer's inputs×outputs weight matrix from a seed (biases start at zero). The
 * streams are SplitMix64 and StrictMath, so a seed gives the same weights on every JVM.
 */
@FunctionalInterface
public interface Initializer {

    /** Writes w[off .. off + inputs·outputs) as a function of seed only. */
    void initialize(float[] w, int off, int inputs, int outputs, long seed);

    /** He/Kaiming normal, std √(2/inputs): the default before ReLU-family activations. */
    static Initializer he() {
        return (w, off, in, out, seed) -> normal(w, off, in * out, seed, Math.sqrt(2.0 / in));
    }

    /** Glorot/Xavier uniform, ±√(6/(inputs+outputs)): the default otherwise. */
    static Initializer glorot() {
        return (w, off, in, out, seed) -> {
            double limit = Math.sqrt(6.0 / (in + out));
            for (int i = 0, n = in * out; i < n; i++) {
                w[off + i] = (float) ((2 * SplitMix64.uniform(seed, i) - 1) * limit);
            }
        };
    }

    /** Normal with the given std (nnfs uses 0.01). */
    static Initializer normal(double std) {
        return (w, off, in, out, seed) -> normal(w, off, in * out, seed, std);
    }

    /**
     * Exactly these weights, row-major inputs×outputs (copied now), whatever the seed: another
     * framework's initial draw, e.g. nnfs's {@code 0.01 * np.random.randn(inputs, outputs)}.
     */
    static Initializer values(float[] weights) {
        float[] copy = weights.clone();
        return (w, off, in, out, seed) -> {
            if ((long) in * out != copy.length) {
                throw new IllegalArgumentException("Initializer.values holds " + copy.length
                        + " weights; a " + in + "×" + out + " layer needs " + (long) in * out);
            }
            System.arraycopy(copy, 0, w, off, copy.length);
        };
    }

    private static void normal(float[] w, int off, int n, long seed, double std) {
        for (int i = 0; i < n; i++) { // Box–Muller, one draw per pair of uniforms
            double u1 = 1.0 - SplitMix64.uniform(seed, 2L * i); // (0, 1]: log is finite
            double u2 = SplitMix64.uniform(seed, 2L * i + 1);
            w[off + i] = (float) (std * StrictMath.sqrt(-2 * StrictMath.log(u1))
                    * StrictMath.cos(2 * Math.PI * u2));
        }
    }
}
