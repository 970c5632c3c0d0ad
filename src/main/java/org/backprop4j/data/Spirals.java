package org.backprop4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The toy data sets of the book "Neural Networks from Scratch in Python" (the nnfs package), the
 * built-in default of the {@code train} command: the same formulas as nnfs's {@code spiral_data}
 * and {@code vertical_data}, with rows grouped by class in the same order. The Gaussian noise comes
 * from a seeded SplitMix64 generator (SeededRandom) with Box–Muller, so a seed gives the same
 * data on every JDK; or, to reproduce the book's own data, from numpy's generator ({@link NumpyRandom}).
 */
public final class Spirals {
    private Spirals() {
    }

    /**
     * {@code classes} interleaved spiral arms of {@code samplesPerClass} points each. For class j:
     * {@code r = linspace(0, 1, N)}, {@code t = linspace(4j, 4(j+1), N) + 0.2 * randn(N)}, and the
     * point is {@code (r sin(2.5 t), r cos(2.5 t))}; so every point lies within radius 1.
     */
    public static Dataset spiral(int samplesPerClass, int classes, long seed) {
        SeededRandom rng = new SeededRandom(seed);
        return spiral(samplesPerClass, classes, () -> rng.nextGaussian() * 0.2);
    }

    /**
     * The same spirals from numpy's generator, exactly as nnfs draws them after {@code nnfs.init()}
     * (whose float32 defaults round each {@code randn} value to float and scale it by 0.2 in float):
     * {@code spiral(100, 2, new NumpyRandom(0))} is the book's {@code spiral_data(100, 2)}, and a
     * second call on the same generator continues its stream, as the book's test set does.
     */
    public static Dataset spiral(int samplesPerClass, int classes, NumpyRandom rng) {
        return spiral(samplesPerClass, classes, () -> (float) rng.nextGaussian() * 0.2f);
    }

    /**
     * What the nnfs book draws from numpy's stream seeded {@code seed}, in its order: the
     * training spiral, then {@code 0.01 * randn(inputs, outputs)} for each Dense layer of a network
     * with these layer {@code widths} (inputs first), then the test spiral. {@code nnfs(100, 2, 0,
     * 2, 64, 1)} is chapter 16's data, initial weights and test set, bit for bit.
     */
    public static NnfsDraw nnfs(int samplesPerClass, int classes, long seed, int... widths) {
        NumpyRandom numpy = new NumpyRandom(seed);
        Dataset train = spiral(samplesPerClass, classes, numpy);
        List<float[]> weights = new ArrayList<>();
        for (int i = 0; i + 1 < widths.length; i++) {
            weights.add(numpy.randn(org.backprop4j.kernel.ArraySizes.product(
                    "Dense(" + widths[i] + " → " + widths[i + 1] + ")", "weights", widths[i], widths[i + 1]), 0.01f));
        }
        return new NnfsDraw(train, weights, spiral(samplesPerClass, classes, numpy));
    }

    /**
     * The test spiral of {@link #nnfs} alone, for a network with {@code weightCount} weights in
     * all (the draws between the two spirals are skipped, not kept).
     */
    public static Dataset nnfsTestSet(int samplesPerClass, int classes, long seed, long weightCount) {
        NumpyRandom numpy = new NumpyRandom(seed);
        spiral(samplesPerClass, classes, numpy);
        for (long i = 0; i < weightCount; i++) {
            numpy.nextGaussian();
        }
        return spiral(samplesPerClass, classes, numpy);
    }

    /**
     * The book's training spiral, each Dense layer's initial weights (row-major), and its test
     * spiral. The weights are copied in and out: a draw stays as drawn.
     */
    public record NnfsDraw(Dataset train, List<float[]> weights, Dataset test) {
        public NnfsDraw {
            weights = copies(weights);
        }

        /** Each layer's initial weights, a fresh copy per call. */
        @Override
        public List<float[]> weights() {
            return copies(weights);
        }

        private static List<float[]> copies(List<float[]> arrays) {
            List<float[]> copied = new ArrayList<>(arrays.size());
            for (float[] a : arrays) {
                copied.add(a.clone());
            }
            return List.copyOf(copied);
        }
    }

    private static Dataset spiral(int samplesPerClass, int classes, DoubleSupplier noise) {
        checkSizes(samplesPerClass, classes);
        int n = samplesPerClass;
        float[] x = new float[n * classes * 2];
        int[] y = new int[n * classes];
        for (int j = 0; j < classes; j++) {
            for (int i = 0; i < n; i++) {
                double r = linspace(0, 1, n, i);
                double t = linspace(4.0 * j, 4.0 * (j + 1), n, i) + noise.getAsDouble();
                int row = j * n + i;
                x[2 * row] = (float) (r * StrictMath.sin(t * 2.5));
                x[2 * row + 1] = (float) (r * StrictMath.cos(t * 2.5));
                y[row] = j;
            }
        }
        return Dataset.classification(x, 2, y, classes);
    }

    /**
     * {@code classes} vertical clusters of {@code samplesPerClass} points each: for class j,
     * {@code x = 0.1 * randn + j/3} and {@code y = 0.1 * randn + 0.5}. As in nnfs, a class draws
     * all its x noise, then all its y noise.
     */
    public static Dataset vertical(int samplesPerClass, int classes, long seed) {
        checkSizes(samplesPerClass, classes);
        SeededRandom rng = new SeededRandom(seed);
        int n = samplesPerClass;
        float[] x = new float[n * classes * 2];
        int[] y = new int[n * classes];
        for (int j = 0; j < classes; j++) {
            for (int i = 0; i < n; i++) {
                x[2 * (j * n + i)] = (float) (rng.nextGaussian() * 0.1 + j / 3.0);
            }
            for (int i = 0; i < n; i++) {
                x[2 * (j * n + i) + 1] = (float) (rng.nextGaussian() * 0.1 + 0.5);
                y[j * n + i] = j;
            }
        }
        return Dataset.classification(x, 2, y, classes);
    }

    /** Element i of numpy's {@code linspace(start, stop, n)}: the last one is exactly stop. */
    private static double linspace(double start, double stop, int n, int i) {
        if (n == 1) {
            return start;
        }
        return i == n - 1 ? stop : start + i * ((stop - start) / (n - 1));
    }

    private static void checkSizes(int samplesPerClass, int classes) {
        if (samplesPerClass < 1 || classes < 1) {
            throw new IllegalArgumentException("samplesPerClass and classes must be >= 1, got "
                    + samplesPerClass + " and " + classes);
        }
        if ((long) samplesPerClass * classes * 2 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(samplesPerClass + " samples × " + classes
                    + " classes × 2 features do not fit in one float[]");
        }
    }
}
