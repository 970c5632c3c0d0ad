package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Forward bias + activation over a row-major block: {@code x[i][j] = act(x[i][j] + bias[j])}.
 * One pass, in place. Row tails use a lane mask rather than scalar code, so every element goes
 * through the same vector arithmetic wherever it sits in the row (results never depend on how a
 * caller split the matrix).
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
        if (e.isNone()) {
            return;
        }
        float[] bias = e.bias();
        int bOff = e.biasOffset() + col0;
        if (bias == null && ld == cols) { // contiguous and no bias: one long row, not many short ones
            cols *= rows;
            rows = 1;
        }
        // One loop per activation, each small enough for C2 to compile with every vector kept in
        // registers: a single loop switching per vector grew too big to inline once several
        // activations had run, and its vectors were then boxed (5× slower ReLU, measured).
        switch (e.activation()) {
            case IDENTITY -> identity(x, off, ld, rows, cols, bias, bOff);
            case RELU -> relu(x, off, ld, rows, cols, bias, bOff);
            case LEAKY_RELU -> leakyRelu(x, off, ld, rows, cols, bias, bOff, e.slope());
            case SIGMOID -> sigmoid(x, off, ld, rows, cols, bias, bOff);
            case TANH -> tanh(x, off, ld, rows, cols, bias, bOff);
            default -> throw new AssertionError(e.activation());
        }
    }

    private static void identity(float[] x, int off, int ld, int rows, int cols, float[] bias, int bOff) {
        for (int row = off, end = off + rows * ld; row < end; row += ld) {
            int j = 0;
            for (int bound = S.loopBound(cols); j < bound; j += L) {
                load(x, row + j, bias, bOff + j).intoArray(x, row + j);
            }
            if (j < cols) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                load(x, row + j, bias, bOff + j, m).intoArray(x, row + j, m);
            }
        }
    }

    private static void relu(float[] x, int off, int ld, int rows, int cols, float[] bias, int bOff) {
        for (int row = off, end = off + rows * ld; row < end; row += ld) {
            int j = 0;
            for (int bound = S.loopBound(cols); j < bound; j += L) {
                load(x, row + j, bias, bOff + j).max(0f).intoArray(x, row + j);
            }
            if (j < cols) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                load(x, row + j, bias, bOff + j, m).max(0f).intoArray(x, row + j, m);
            }
        }
    }

    private static void leakyRelu(float[] x, int off, int ld, int rows, int cols, float[] bias, int bOff,
                                  float slope) {
        for (int row = off, end = off + rows * ld; row < end; row += ld) {
            int j = 0;
            for (int bound = S.loopBound(cols); j < bound; j += L) {
                FloatVector v = load(x, row + j, bias, bOff + j);
                v.blend(v.mul(slope), v.compare(VectorOperators.LT, 0f)).intoArray(x, row + j);
            }
            if (j < cols) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector v = load(x, row + j, bias, bOff + j, m);
                v.blend(v.mul(slope), v.compare(VectorOperators.LT, 0f)).intoArray(x, row + j, m);
            }
        }
    }

    private static void sigmoid(float[] x, int off, int ld, int rows, int cols, float[] bias, int bOff) {
        for (int row = off, end = off + rows * ld; row < end; row += ld) {
            int j = 0;
            for (int bound = S.loopBound(cols); j < bound; j += L) {
                VectorMath.sigmoid(load(x, row + j, bias, bOff + j)).intoArray(x, row + j);
            }
            if (j < cols) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                VectorMath.sigmoid(load(x, row + j, bias, bOff + j, m)).intoArray(x, row + j, m);
            }
        }
    }

    private static void tanh(float[] x, int off, int ld, int rows, int cols, float[] bias, int bOff) {
        for (int row = off, end = off + rows * ld; row < end; row += ld) {
            int j = 0;
            for (int bound = S.loopBound(cols); j < bound; j += L) {
                VectorMath.tanh(load(x, row + j, bias, bOff + j)).intoArray(x, row + j);
            }
            if (j < cols) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                VectorMath.tanh(load(x, row + j, bias, bOff + j, m)).intoArray(x, row + j, m);
            }
        }
    }

    /** x[i..i+L) + bias[b..b+L) (bias may be null). */
    private static FloatVector load(float[] x, int i, float[] bias, int b) {
        FloatVector v = FloatVector.fromArray(S, x, i);
        return bias == null ? v : v.add(FloatVector.fromArray(S, bias, b));
    }

    /** The same under a lane mask, for a row's tail. */
    private static FloatVector load(float[] x, int i, float[] bias, int b, VectorMask<Float> m) {
        FloatVector v = FloatVector.fromArray(S, x, i, m);
        return bias == null ? v : v.add(FloatVector.fromArray(S, bias, b, m));
    }
}
