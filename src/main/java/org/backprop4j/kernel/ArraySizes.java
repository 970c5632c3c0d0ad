package org.backprop4j.kernel;

import java.util.Locale;

/**
 * Array lengths computed from sizes a user or a file gives: worked out in {@code long} and checked
 * against what one Java array can hold, so that a large layer or batch is a clear
 * IllegalArgumentException rather than an int product that wraps around into a
 * NegativeArraySizeException, an OutOfMemoryError, or a buffer silently too short.
 */
public final class ArraySizes {
    /** The most elements one Java array reliably holds: some JVMs keep a few header words of the limit. */
    public static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

    private ArraySizes() {
    }

    /**
     * {@code rows × columns} as an array length.
     *
     * @param what   who needs the array, for the message, e.g. {@code "Dense(65536 → 65536)"}
     * @param values what the elements are, plural, e.g. {@code "weights"}
     * @throws IllegalArgumentException naming both, the factors and the product, when it is too large
     */
    public static int product(String what, String values, int rows, int columns) {
        long n = (long) rows * columns;
        if (n > MAX_LENGTH) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %,d × %,d = %,d %s exceed the %,d"
                    + " a Java array can hold", what, rows, columns, n, values, MAX_LENGTH));
        }
        return (int) n;
    }

    /**
     * {@code n} as an array length.
     *
     * @throws IllegalArgumentException naming {@code what} and {@code values} when it is too large
     */
    public static int length(String what, String values, long n) {
        if (n > MAX_LENGTH) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %,d %s exceed the %,d"
                    + " a Java array can hold", what, n, values, MAX_LENGTH));
        }
        return (int) n;
    }
}
