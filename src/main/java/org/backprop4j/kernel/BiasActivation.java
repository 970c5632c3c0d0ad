package org.backprop4j.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Forward bias + activation over a row-major block: {@code x[i][j] = act(x[i][j] + bias[j])}.
 * One pass, in place. Row tails run the scalar twin of the vector arithmetic, so an element's
 * result never depends on where it sits in the row (or on how a caller split the matrix).
 */
public final class BiasActivation {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private BiasActivation() {
    }

    /** Applies {@code e} to rows {@code [0, rows)} and columns {@code [0, cols)} of {@code x}. */
    public static void apply(float[] x, int off, int ld, int rows, int cols, Epilogue e) {
        apply(x, off, ld, rows, cols, 0, e);
    }

    /**
     * Same as {@link #apply(float[], int, int, int, int, Epilogue)} for a block whose column 0 is
     * column {@code col0} of the matrix the bias belongs to.
     */
    static void apply(float[] x, int off, int ld, int rows, int cols, int col0, Epilogue e) {
        if (!e.isNone()) {
            apply(x, off, ld, rows, cols, e.bias(), e.biasOffset() + col0, e.activation(), e.slope());
        }
    }

    /** {@code x[i][j] = act(x[i][j] + bias[bOff + j])} (no bias when {@code bias} is null). */
    static void apply(float[] x, int off, int ld, int rows, int cols, float[] bias, int bOff,
                      Activation activation, float slope) {
        if (bias == null && ld == cols) { // contiguous and no bias: one long row, not many short ones
            cols *= rows;
            rows = 1;
        }
        // One loop per activation, each small enough for C2 to compile with every vector kept in
        // registers: a single loop switching per vector grew too big to inline once several
        // activations had run, and its vectors were then boxed (5× slower ReLU, measured).
        switch (activation) {
            case IDENTITY -> identity(x, off, ld, rows, cols, bias, bOff);
            case RELU -> relu(x, off, ld, rows, cols, bias, bOff);
            case LEAKY_RELU -> { // of slope 0: a ReLU, as its scalar twin
                if (slope == 0f) {
                    relu(x, off, ld, rows, cols, bias, bOff);
                } else {
                    leakyRelu(x, off, ld, rows, cols, bias, bOff, slope);
                }
            }
            case SIGMOID -> separately(SIGMOID, x, off, ld, rows, cols, bias, bOff);
            case TANH -> separately(TANH, x, off, ld, rows, cols, bias, bOff);
            default -> throw new AssertionError(activation);
        }
    }

    // The sigmoid and tanh loops each come near C2's node budget for one compilation
    // (NodeCountInliningCutoff, 18,000 nodes; exp alone parses to about 10,000). Inlined together
    // into a caller (this switch, or a GEMM driver above it), the second overran it, its vector
    // operations were left as calls, and they boxed every vector for the rest of the process: a
    // tanh/sigmoid model's steps allocated 24 KB each in some fresh JVMs (CI's, and about 1 in 45
    // in a loop of them; JFR and -XX:+LogCompilation). So they are called through method handles
    // read from an array, which C2 does not inline into the caller (an array element is not a
    // constant): each loop is a compilation of its own (or of its handle's, with that one loop).
    // ActivationBench finds no cost, whole rows or 6×32 tiles (BENCHMARKS.md, ninth session).
    private static final int SIGMOID = 0;
    private static final int TANH = 1;
    private static final MethodHandle[] SMOOTH_LOOPS = {loop("sigmoid"), loop("tanh")};

    private static MethodHandle loop(String name) {
        try {
            return MethodHandles.lookup().findStatic(BiasActivation.class, name, MethodType.methodType(void.class,
                    float[].class, int.class, int.class, int.class, int.class, float[].class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static void separately(int loop, float[] x, int off, int ld, int rows, int cols, float[] bias, int bOff) {
        try {
            SMOOTH_LOOPS[loop].invokeExact(x, off, ld, rows, cols, bias, bOff);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) { // the loops declare nothing
            throw new AssertionError(e);
        }
    }

    // Each loop: full vectors, then the row's tail one element at a time with the scalar twin of
    // the same arithmetic (no masks: they box on JDK 17, and a vector passed to a helper at a
    // rarely taken call site is not inlined and boxes too).

    private static void identity(float[] x, int off, int ld, int rows, int cols, float[] bias, int bOff) {
        int bound = S.loopBound(cols);
        for (int row = off, end = off + rows * ld; row < end; row += ld) {
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, row + j);
                if (bias != null) {
                    v = v.add(FloatVector.fromArray(S, bias, bOff + j));
                }
                v.intoArray(x, row + j);
            }
            for (; j < cols; j++) {
                x[row + j] = biased(x[row + j], bias, bOff + j);
            }
        }
    }

    private static void relu(float[] x, int off, int ld, int rows, int cols, float[] bias, int bOff) {
        int bound = S.loopBound(cols);
        for (int row = off, end = off + rows * ld; row < end; row += ld) {
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, row + j);
                if (bias != null) {
                    v = v.add(FloatVector.fromArray(S, bias, bOff + j));
                }
                v.max(0f).intoArray(x, row + j);
            }
            for (; j < cols; j++) {
                x[row + j] = Activation.RELU.apply(biased(x[row + j], bias, bOff + j), 0f);
            }
        }
    }

    private static void leakyRelu(float[] x, int off, int ld, int rows, int cols, float[] bias, int bOff,
                                  float slope) {
        int bound = S.loopBound(cols);
        for (int row = off, end = off + rows * ld; row < end; row += ld) {
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, row + j);
                if (bias != null) {
                    v = v.add(FloatVector.fromArray(S, bias, bOff + j));
                }
                v.blend(v.mul(slope), v.compare(VectorOperators.LT, 0f)).intoArray(x, row + j);
            }
            for (; j < cols; j++) {
                x[row + j] = Activation.LEAKY_RELU.apply(biased(x[row + j], bias, bOff + j), slope);
            }
        }
    }

    private static void sigmoid(float[] x, int off, int ld, int rows, int cols, float[] bias, int bOff) {
        int bound = S.loopBound(cols);
        for (int row = off, end = off + rows * ld; row < end; row += ld) {
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, row + j);
                if (bias != null) {
                    v = v.add(FloatVector.fromArray(S, bias, bOff + j));
                }
                VectorMath.sigmoid(v).intoArray(x, row + j);
            }
            for (; j < cols; j++) {
                x[row + j] = Activation.SIGMOID.apply(biased(x[row + j], bias, bOff + j), 0f);
            }
        }
    }

    private static void tanh(float[] x, int off, int ld, int rows, int cols, float[] bias, int bOff) {
        int bound = S.loopBound(cols);
        for (int row = off, end = off + rows * ld; row < end; row += ld) {
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, row + j);
                if (bias != null) {
                    v = v.add(FloatVector.fromArray(S, bias, bOff + j));
                }
                VectorMath.tanh(v).intoArray(x, row + j);
            }
            for (; j < cols; j++) {
                x[row + j] = Activation.TANH.apply(biased(x[row + j], bias, bOff + j), 0f);
            }
        }
    }

    private static float biased(float v, float[] bias, int b) {
        return bias == null ? v : v + bias[b];
    }
}
