package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Flush-to-zero in software, where the engine stores values that can decay below
 * {@link Float#MIN_NORMAL} (1.18e-38). Intel cores take a microcode assist, tens to a hundred
 * cycles, for every subnormal operand or result; Java cannot set the FTZ/DAZ flags, so these
 * stores flush: optimiser state and parameters (a moment of a parameter whose gradient has become
 * zero shrinks by β every step), softmax and sigmoid outputs far in their tails, the sigmoid
 * derivative, and the fused loss gradients and MSE's. Not flushed: the gradient buffers (GEMM
 * outputs, where a product of small normal operands can fall below 1e-38, and the L2 term 2λw of
 * a tiny weight; the optimiser reads them once and stores nothing subnormal; flushing the L2 term
 * changed the nnfs spiral's chaotic trajectory enough to move SpiralConvergenceTest's median),
 * Softmax.backward, the non-fused cross-entropies, leaky ReLU's slope times a gradient below
 * 1.2e-36. Measured on a Sapphire Rapids core: MLP-784 with Adam ran
 * 2.9× slower from epoch ~11 on without it (BENCHMARKS.md).
 *
 * <p>Only magnitudes below {@code Float.MIN_NORMAL} change (to +0); every normal value keeps its
 * bits, so results that never reach the subnormal range are unchanged. The vector and scalar
 * forms give the same bits.
 */
final class Subnormals {
    private Subnormals() {
    }

    /** x, or +0 when |x| &lt; Float.MIN_NORMAL (subnormals and −0). */
    static float flush(float x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
    }

    /** {@link #flush(float)} per lane. */
    static FloatVector flush(FloatVector x) {
        return x.blend(0f, x.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
    }
}
