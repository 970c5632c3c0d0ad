package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpiralsTest {

    @Test
    void spiralShapesAndClassBalance() {
        Dataset d = Spirals.spiral(100, 3, 0);
        assertThat(d.rows()).isEqualTo(300);
        assertThat(d.features()).isEqualTo(2);
        assertThat(d.classes()).isEqualTo(3);
        int[] counts = new int[3];
        for (int r = 0; r < d.rows(); r++) {
            counts[d.label(r)]++;
            assertThat(d.label(r)).as("rows grouped by class, as in nnfs").isEqualTo(r / 100);
        }
        assertThat(counts).containsExactly(100, 100, 100);
    }

    @Test
    void spiralRadiusIsTheLinspace() {
        // The noise moves the angle only: point i of each arm has radius exactly i / (N - 1).
        int n = 50;
        Dataset d = Spirals.spiral(n, 4, 9);
        for (int r = 0; r < d.rows(); r++) {
            double radius = Math.hypot(d.feature(r, 0), d.feature(r, 1));
            assertThat(radius).isCloseTo((r % n) / (double) (n - 1), within(1e-6));
            assertThat(radius).isLessThanOrEqualTo(1.0 + 1e-6);
        }
    }

    @Test
    void spiralAnglesFollowTheArmWithNoise() {
        // t = linspace(4j, 4j+4, N) + 0.2 randn: the noise's std, recovered from the angles, is ~0.2.
        int n = 2000;
        Dataset d = Spirals.spiral(n, 1, 3);
        double sumSq = 0;
        int count = 0;
        for (int i = 1; i < n; i++) {
            double angle = Math.atan2(d.feature(i, 0), d.feature(i, 1)); // = 2.5 t, modulo 2π
            double expected = 2.5 * (4.0 * i / (n - 1));
            double diff = Math.IEEEremainder(angle - expected, 2 * Math.PI) / 2.5;
            sumSq += diff * diff;
            count++;
        }
        assertThat(Math.sqrt(sumSq / count)).isCloseTo(0.2, within(0.02));
    }

    @Test
    void verticalClustersAroundTheirCentres() {
        int n = 1000;
        Dataset d = Spirals.vertical(n, 3, 1);
        assertThat(d.rows()).isEqualTo(3000);
        for (int j = 0; j < 3; j++) {
            double sx = 0;
            double sy = 0;
            for (int i = 0; i < n; i++) {
                assertThat(d.label(j * n + i)).isEqualTo(j);
                sx += d.feature(j * n + i, 0);
                sy += d.feature(j * n + i, 1);
            }
            assertThat(sx / n).isCloseTo(j / 3.0, within(0.02));
            assertThat(sy / n).isCloseTo(0.5, within(0.02));
        }
    }

    @Test
    void sameSeedSameDataDifferentSeedDifferentData() {
        assertThat(Spirals.spiral(100, 3, 7).featureData()).containsExactly(Spirals.spiral(100, 3, 7).featureData());
        assertThat(Spirals.spiral(100, 3, 7).featureData()).isNotEqualTo(Spirals.spiral(100, 3, 8).featureData());
        assertThat(Spirals.vertical(100, 3, 7).featureData()).containsExactly(Spirals.vertical(100, 3, 7).featureData());
        assertThat(Spirals.vertical(100, 3, 7).featureData()).isNotEqualTo(Spirals.vertical(100, 3, 8).featureData());
    }

    @Test
    void singleSampleArmStartsAtTheCentre() {
        Dataset d = Spirals.spiral(1, 2, 0);
        assertThat(d.featureData()).containsExactly(new float[] {0, 0, 0, 0}, within(0f)); // ±0
    }

    @Test
    void rejectsBadSizes() {
        assertThatThrownBy(() -> Spirals.spiral(0, 3, 1))
                .hasMessage("samplesPerClass and classes must be >= 1, got 0 and 3");
        assertThatThrownBy(() -> Spirals.vertical(100, 0, 1))
                .hasMessage("samplesPerClass and classes must be >= 1, got 100 and 0");
        assertThatThrownBy(() -> Spirals.spiral(1 << 20, 1 << 11, 1)).hasMessageContaining("do not fit in one float[]");
    }
}
