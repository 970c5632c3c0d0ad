package org.backprop4j.kernel;

/** Argument checks for {@link Gemm}: every failure names the argument and the numbers. */
final class GemmArgs {
    private GemmArgs() {
    }

    static void check(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc) {
        nonNegative("m", m);
        nonNegative("n", n);
        nonNegative("k", k);
        // Stored shapes: A is m×k (or k×m transposed), B is k×n (or n×k transposed).
        matrix("a", "aOff", "lda", a, aOff, lda, transA ? k : m, transA ? m : k,
                transA ? "A transposed (stored k×m)" : "A (stored m×k)");
        matrix("b", "bOff", "ldb", b, bOff, ldb, transB ? n : k, transB ? k : n,
                transB ? "B transposed (stored n×k)" : "B (stored k×n)");
        matrix("c", "cOff", "ldc", c, cOff, ldc, m, n, "C (m×n)");
    }

    static void checkBias(Epilogue e, int n) {
        if (e.bias() != null && n > 0 && (long) e.biasOffset() + n > e.bias().length) {
            throw new IllegalArgumentException("bias too short: needs " + n + " elements from "
                    + "biasOffset=" + e.biasOffset() + ", has " + e.bias().length);
        }
    }

    private static void nonNegative(String name, int v) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + v);
        }
    }

    /** Checks a rows×cols row-major matrix stored from {@code off} with leading dimension ld. */
    static void matrix(String arr, String offName, String ldName, float[] x, int off, int ld,
                       int rows, int cols, String what) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(ldName + " must be >= max(1, " + cols + ") for "
                    + what + ", got " + ld);
        }
        if (off < 0) {
            throw new IllegalArgumentException(offName + " must be >= 0, got " + off);
        }
        if (x == null) {
            throw new IllegalArgumentException(arr + " must not be null");
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long last = (long) off + (long) (rows - 1) * ld + cols; // one past the last element read
        if (last > x.length) {
            throw new IllegalArgumentException(arr + " too short for " + what + ": " + rows + "×"
                    + cols + " with " + ldName + "=" + ld + " from " + offName + "=" + off
                    + " needs " + last + " elements, has " + x.length);
        }
    }
}
