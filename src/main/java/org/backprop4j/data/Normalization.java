package org.backprop4j.data;

import java.util.Arrays;

/**
 * A fitted normalisation: feature {@code j} becomes {@code (x - offset[j]) * scale[j]}. Every
 * {@link Normalizer} fits to this one form, so a model file stores just the two arrays and
 * restores them with {@link #of}.
 */
public final class Normalization {
    private final float[] offset;
    private final float[] scale;

    Normalization(float[] offset, float[] scale) {
        this.offset = offset;
        this.scale = scale;
    }

    /**
     * A normalisation from stored parameters (copied).
     *
     * @throws IllegalArgumentException if the arrays differ in length, are empty, or hold a
     *     non-finite value
     */
    public static Normalization of(float[] offsets, float[] scales) {
        if (offsets.length != scales.length || offsets.length == 0) {
            throw new IllegalArgumentException("offsets and scales must have the same, non-zero length; got "
                    + offsets.length + " and " + scales.length);
        }
        for (int j = 0; j < offsets.length; j++) {
            if (!Float.isFinite(offsets[j]) || !Float.isFinite(scales[j])) {
                throw new IllegalArgumentException("feature " + j + ": offset " + offsets[j] + " and scale "
                        + scales[j] + " must be finite");
            }
        }
        return new Normalization(offsets.clone(), scales.clone());
    }

    /** Number of features this normalisation was fitted on. */
    public int features() {
        return offset.length;
    }

    /** Per-feature value subtracted first (a copy). */
    public float[] offsets() {
        return offset.clone();
    }

    /** Per-feature factor applied after subtracting the offset (a copy). */
    public float[] scales() {
        return scale.clone();
    }

    /** {@code data} with normalised features (a new array) and the same labels. */
    public Dataset apply(Dataset data) {
        if (data.features() != offset.length) {
            throw new IllegalArgumentException("normalisation was fitted on " + offset.length
                    + " features, data set has " + data.features());
        }
        float[] x = data.featureData();
        float[] out = new float[x.length];
        int n = offset.length;
        for (int i = 0; i < x.length; i += n) {
            for (int j = 0; j < n; j++) {
                out[i + j] = (x[i + j] - offset[j]) * scale[j];
            }
        }
        return data.withFeatureData(out);
    }

    @Override
    public String toString() {
        return "Normalization[offsets=" + Arrays.toString(offset) + ", scales=" + Arrays.toString(scale) + "]";
    }
}
