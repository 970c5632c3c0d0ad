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
        // Each call passes its activation as a constant, so C2, inlining the loop at each call,
        // folds the choice and keeps three loops as tight as if written apart (ActivationBench).
        switch (activation) {
            case IDENTITY -> piecewiseLinear(x, off, ld, rows, cols, bias, bOff, Activation.IDENTITY, 0f);
            case RELU -> piecewiseLinear(x, off, ld, rows, cols, bias, bOff, Activation.RELU, 0f);
            case LEAKY_RELU -> { // of slope 0: a ReLU, as its scalar twin
                if (slope == 0f) {
                    piecewiseLinear(x, off, ld, rows, cols, bias, bOff, Activation.RELU, 0f);
                } else {
                    piecewiseLinear(x, off, ld, rows, cols, bias, bOff, Activation.LEAKY_RELU, slope);
                }
            }
            case SIGMOID, TANH -> smooth(x, off, ld, rows, cols, bias, bOff, activation);
            default -> throw new AssertionError(activation);
        }
    }

    // Three loops: piecewise linear, sigmoid, tanh. Each: full vectors, then the row's tail one
    // element at a time with the activation's scalar twin (no masks: they box on JDK 17). The
    // vector forms are written inside the loops: a vector helper choosing among them, once
    // compiled on its own, is too big for C2 to inline, and its vectors are boxed. Fewer loops
    // were measured (ActivationBench, tenth session): one for all five ran ReLU 26% slower on
    // whole rows and 49% slower on GEMM tiles (6×32); this piecewise loop switching on the
    // activation per vector, 35% slower on tiles; sigmoid and tanh sharing one exp
    // (tanh as 1 − 2σ(−2|x|)) ran tanh 10-15% slower, and written the other way
    // (one 1 + e^y for both) the loop passed C2's node budget and boxed (10 B per element). With
    // exp's range checks gone (twelfth session), one loop calling a bit-identical sigmoid-or-tanh
    // that chose on a boolean around one exp still boxed on JDK 17, in 21 of 60 JVMs that had
    // trained a ReLU model first (5.5 MB per 100-step fit; its final store "failed to inline
    // (intrinsic)"); and a helper returning x + bias as a vector boxed on JDK 17 in 6 of 40 fresh
    // JVMs (4.9 MB per fit). So the sigmoid and tanh loops below stay apart, each written out.

    /**
     * Identity, ReLU, leaky ReLU (slope ≠ 0). {@code f} is compared by reference, not switched
     * on, so that where it is a constant the comparisons fold (an enum switch reads a lookup
     * table C2 does not fold).
     */
    private static void piecewiseLinear(float[] x, int off, int ld, int rows, int cols, float[] bias, int bOff,
                                        Activation f, float slope) {
        int bound = S.loopBound(cols);
        for (int row = off, end = off + rows * ld; row < end; row += ld) {
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, row + j);
                if (bias != null) {
                    v = v.add(FloatVector.fromArray(S, bias, bOff + j));
                }
                FloatVector y = f == Activation.RELU ? v.max(0f)
                        : f == Activation.LEAKY_RELU ? v.blend(v.mul(slope), v.compare(VectorOperators.LT, 0f))
                        : v;
                y.intoArray(x, row + j);
            }
            for (; j < cols; j++) {
                x[row + j] = f.apply(biased(x[row + j], bias, bOff + j), slope);
            }
        }
    }

    // The smooth loops are called through method handles read from an array, which C2 does not
    // inline into the caller (an array element is not a constant), so that each is a compilation
    // of its own. With exp inlined, a loop comes near C2's node budget for one compilation
    // (NodeCountInliningCutoff, 18,000 nodes; exp alone parses to about 10,000); inlined into a
    // bigger caller (a GEMM driver), the budget ran out, vector operations were left as calls,
    // and they boxed every vector for the rest of the process (a tanh/sigmoid model's steps
    // allocated 24 KB each in some fresh JVMs: CI's, and about 1 in 45 in a loop of them; JFR
    // and -XX:+LogCompilation). ActivationBench finds no cost (BENCHMARKS.md, ninth session).
    private static final MethodHandle[] SMOOTH_LOOPS = {smoothLoop("sigmoid"), smoothLoop("tanh")};

    private static MethodHandle smoothLoop(String name) {
        try {
            return MethodHandles.lookup().findStatic(BiasActivation.class, name, MethodType.methodType(void.class,
                    float[].class, int.class, int.class, int.class, int.class, float[].class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static void smooth(float[] x, int off, int ld, int rows, int cols, float[] bias, int bOff, Activation f) {
        try {
            SMOOTH_LOOPS[f == Activation.TANH ? 1 : 0].invokeExact(x, off, ld, rows, cols, bias, bOff);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) { // the loops declare nothing
            throw new AssertionError(e);
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
