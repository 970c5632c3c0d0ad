package org.backprop4j.kernel;

/**
 * Sigmoid and tanh in place, with results that never depend on the JIT. The Vector API's
 * {@code lanewise(EXP/TANH)} runs an intrinsic (SVML) once C2 compiles the loop but a per-lane
 * Java fallback before, and the two differ in the last bits; a training run then depends on
 * when compilation happened (seen: the nnfs spiral ending at 0.875 or 0.955 accuracy for the same
 * seed). Here every element goes through {@code Math.exp} (one stub shared by the interpreter
 * and compiled code) or {@code StrictMath.tanh} (fdlibm), so a seed always gives the same bits.
 */
public final class ReproducibleActivation {
    private ReproducibleActivation() {
    }

    /** x[off .. off+len) = 1 / (1 + e^-x). */
    public static void sigmoid(float[] x, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            x[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
        }
    }

    /** x[off .. off+len) = tanh(x). */
    public static void tanh(float[] x, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            x[i] = (float) StrictMath.tanh(x[i]);
        }
    }

    /** Applies {@code act} in place when it is sigmoid or tanh; returns false (untouched) otherwise. */
    public static boolean apply(Activation act, float[] x, int off, int len) {
        switch (act) {
            case SIGMOID -> sigmoid(x, off, len);
            case TANH -> tanh(x, off, len);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** True for the activations this class computes instead of the GEMM epilogue. */
    public static boolean handles(Activation act) {
        return act == Activation.SIGMOID || act == Activation.TANH;
    }
}
