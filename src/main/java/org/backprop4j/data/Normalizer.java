package org.backprop4j.data;

import java.util.Arrays;

/**
 * A way to normalise features, fitted on the training data only and then applied unchanged to
 * validation, test and prediction inputs (fitting on those would leak them into training).
 *
 * <pre>{@code
 * Normalization norm = Normalizer.standardize().fit(split.train());
 * Dataset train = norm.apply(split.train());
 * Dataset validation = norm.apply(split.validation());
 * }</pre>
 */
@FunctionalInterface
public interface Normalizer {

    /** Computes this normaliser's parameters from {@code train}. */
    Normalization fit(Dataset train);

    /**
     * Per feature, subtract the mean and divide by the (population) standard deviation. A constant
     * feature gets standard deviation 1, so it maps to 0 rather than NaN.
     */
    static Normalizer standardize() {
        return train -> {
            requireRows(train);
            float[] x = train.featureData();
            int n = train.features();
            double[] mean = new double[n];
            for (int i = 0; i < x.length; i++) {
                mean[i % n] += x[i];
            }
            for (int j = 0; j < n; j++) {
                mean[j] /= train.rows();
            }
            double[] sumSq = new double[n]; // second pass: exact-ish, unlike E[x²] − E[x]²
            for (int i = 0; i < x.length; i++) {
                double d = x[i] - mean[i % n];
                sumSq[i % n] += d * d;
            }
            float[] offset = new float[n];
            float[] scale = new float[n];
            for (int j = 0; j < n; j++) {
                double std = Math.sqrt(sumSq[j] / train.rows());
                offset[j] = (float) mean[j];
                scale[j] = std > 0 ? (float) (1.0 / std) : 1f;
            }
            return new Normalization(offset, scale);
        };
    }

    /** Per feature, map the training minimum to 0 and maximum to 1; a constant feature maps to 0. */
    static Normalizer minMax() {
        return train -> {
            requireRows(train);
            float[] x = train.featureData();
            int n = train.features();
            float[] min = Arrays.copyOf(x, n);
            float[] max = Arrays.copyOf(x, n);
            for (int i = n; i < x.length; i++) {
                min[i % n] = Math.min(min[i % n], x[i]);
                max[i % n] = Math.max(max[i % n], x[i]);
            }
            float[] scale = new float[n];
            for (int j = 0; j < n; j++) {
                double range = (double) max[j] - min[j];
                scale[j] = range > 0 ? (float) (1.0 / range) : 1f;
            }
            return new Normalization(min, scale);
        };
    }

    /** Multiply every feature by {@code factor}; nothing is learnt from the data. */
    static Normalizer scale(float factor) {
        if (!Float.isFinite(factor) || factor == 0) {
            throw new IllegalArgumentException("factor must be finite and non-zero, got " + factor);
        }
        return train -> {
            float[] scale = new float[train.features()];
            Arrays.fill(scale, factor);
            return new Normalization(new float[train.features()], scale);
        };
    }

    /** Pixels 0..255 to 0..1: {@code scale(1/255f)}. */
    static Normalizer pixels() {
        return scale(1f / 255f);
    }

    private static void requireRows(Dataset train) {
        if (train.rows() == 0) {
            throw new IllegalArgumentException("cannot fit a normaliser on an empty data set");
        }
    }
}
