package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalizerTest {
    // Three rows, three features: a spread one, a constant one, a negative one.
    private final Dataset train = Dataset.classification(
            new float[] {1, 5, -2, 2, 5, -4, 3, 5, -6}, 3, new int[] {0, 1, 0}, 2);
    private final Dataset other = Dataset.classification(new float[] {4, 7, 0}, 3, new int[] {1}, 2);

    @Test
    void standardizeUsesTrainingMeanAndPopulationStd() {
        Normalization n = Normalizer.standardize().fit(train);
        assertThat(n.offsets()).containsExactly(2f, 5f, -4f);
        float s = (float) (1 / Math.sqrt(2.0 / 3)); // population std of {1,2,3} is sqrt(2/3)
        assertThat(n.scales()).containsExactly(new float[] {s, 1f, s / 2}, within(1e-6f));

        Dataset t = n.apply(train);
        assertThat(t.featureData()).containsExactly(
                new float[] {-1.2247449f, 0, 1.2247449f, 0, 0, 0, 1.2247449f, 0, -1.2247449f}, within(1e-6f));
        assertThat(t.labels()).containsExactly(0, 1, 0);

        // Applied to other data, the training statistics are used: (4 - 2) * s, (7 - 5) * 1, (0 + 4) * s/2.
        assertThat(n.apply(other).featureData()).containsExactly(new float[] {2 * s, 2, 2 * s}, within(1e-5f));
    }

    @Test
    void constantFeatureGetsStdOneNotNaN() {
        Dataset t = Normalizer.standardize().fit(train).apply(train);
        for (int r = 0; r < 3; r++) {
            assertThat(t.feature(r, 1)).isZero();
        }
        assertThat(Normalizer.minMax().fit(train).apply(train).feature(2, 1)).isZero();
    }

    @Test
    void minMaxMapsTrainingRangeToUnitInterval() {
        Normalization n = Normalizer.minMax().fit(train);
        assertThat(n.offsets()).containsExactly(1f, 5f, -6f);
        assertThat(n.apply(train).featureData()).containsExactly(
                new float[] {0, 0, 1, 0.5f, 0, 0.5f, 1, 0, 0}, within(1e-6f));
        assertThat(n.apply(other).featureData()).containsExactly(new float[] {1.5f, 2, 1.5f}, within(1e-6f));
    }

    @Test
    void pixelsScaleBy1Over255() {
        Dataset img = Dataset.unlabelled(new float[] {0, 51, 255}, 3);
        Normalization n = Normalizer.pixels().fit(img);
        assertThat(n.offsets()).containsExactly(0, 0, 0);
        assertThat(n.apply(img).featureData()).containsExactly(new float[] {0, 0.2f, 1}, within(1e-7f));
    }

    @Test
    void parametersRoundTripThroughOf() {
        Normalization n = Normalizer.standardize().fit(train);
        Normalization restored = Normalization.of(n.offsets(), n.scales());
        assertThat(restored.apply(other).featureData()).containsExactly(n.apply(other).featureData());
        assertThat(restored.features()).isEqualTo(3);
    }

    @Test
    void exposedParametersAreCopies() {
        Normalization n = Normalizer.minMax().fit(train);
        n.offsets()[0] = 99;
        n.scales()[0] = 99;
        assertThat(n.offsets()[0]).isEqualTo(1f);
        assertThat(n.scales()[0]).isEqualTo(0.5f);
    }

    @Test
    void rejectsMisuse() {
        Normalization n = Normalizer.minMax().fit(train);
        assertThatThrownBy(() -> n.apply(Dataset.unlabelled(new float[4], 2)))
                .hasMessage("normalisation was fitted on 3 features, data set has 2");
        assertThatThrownBy(() -> Normalizer.standardize().fit(train.slice(0, 0)))
                .hasMessage("cannot fit a normaliser on an empty data set");
        assertThatThrownBy(() -> Normalization.of(new float[2], new float[3]))
                .hasMessage("offsets and scales must have the same, non-zero length; got 2 and 3");
        assertThatThrownBy(() -> Normalization.of(new float[1], new float[] {Float.NaN}))
                .hasMessage("feature 0: offset 0.0 and scale NaN must be finite");
        assertThatThrownBy(() -> Normalizer.scale(0)).hasMessage("factor must be finite and non-zero, got 0.0");
    }
}
