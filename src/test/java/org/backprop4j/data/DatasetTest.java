package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatasetTest {

    /** rows 0..n-1, feature values 10r and 10r+1, label r % classes: every row identifiable. */
    private static Dataset numbered(int n, int classes) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            x[2 * r] = 10 * r;
            x[2 * r + 1] = 10 * r + 1;
            y[r] = r % classes;
        }
        return Dataset.classification(x, 2, y, classes);
    }

    /** Checks that every row still has its own features and label. */
    private static void assertRowsIntact(Dataset d) {
        for (int i = 0; i < d.rows(); i++) {
            int r = (int) d.feature(i, 0) / 10;
            assertThat(d.feature(i, 1)).isEqualTo(10 * r + 1);
            assertThat(d.label(i)).isEqualTo(r % d.classes());
        }
    }

    private static int[] originalRows(Dataset d) {
        int[] rows = new int[d.rows()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (int) d.feature(i, 0) / 10;
        }
        return rows;
    }

    @Test
    void shapesAndAccessors() {
        Dataset d = numbered(5, 3);
        assertThat(d.rows()).isEqualTo(5);
        assertThat(d.features()).isEqualTo(2);
        assertThat(d.classes()).isEqualTo(3);
        assertThat(d.hasClassLabels()).isTrue();
        assertThat(d.hasTargets()).isFalse();
        assertThat(d.feature(4, 1)).isEqualTo(41f);
        assertThat(d.labels()).containsExactly(0, 1, 2, 0, 1);
        assertThat(d).hasToString("Dataset[5 rows × 2 features, 3 classes]");
        assertThatThrownBy(d::targets).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no float targets");
    }

    @Test
    void ownsArraysWithoutCopying() {
        float[] x = {1, 2, 3, 4};
        int[] y = {0, 1};
        Dataset d = Dataset.classification(x, 2, y, 2);
        assertThat(d.featureData()).isSameAs(x);
        assertThat(d.labels()).isSameAs(y);
    }

    @Test
    void regressionAndUnlabelled() {
        Dataset r = Dataset.regression(new float[] {1, 2, 3}, 1, new float[] {4, 5, 6, 7, 8, 9}, 2);
        assertThat(r.rows()).isEqualTo(3);
        assertThat(r.targetWidth()).isEqualTo(2);
        assertThat(r.hasClassLabels()).isFalse();
        assertThat(r.slice(1, 3).targets()).containsExactly(6, 7, 8, 9);
        assertThatThrownBy(r::labels).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no class labels");

        Dataset u = Dataset.unlabelled(new float[] {1, 2, 3, 4}, 4);
        assertThat(u.rows()).isEqualTo(1);
        assertThat(u.hasClassLabels() || u.hasTargets()).isFalse();
        assertThat(u).hasToString("Dataset[1 rows × 4 features, unlabelled]");
    }

    @Test
    void rejectsInconsistentShapes() {
        assertThatThrownBy(() -> Dataset.unlabelled(new float[5], 2))
                .hasMessage("features has 5 values, not a multiple of featureCount 2");
        assertThatThrownBy(() -> Dataset.unlabelled(new float[4], 0))
                .hasMessage("featureCount must be >= 1, got 0");
        assertThatThrownBy(() -> Dataset.classification(new float[6], 2, new int[2], 2))
                .hasMessage("labels has 2 entries but features has 3 rows");
        assertThatThrownBy(() -> Dataset.classification(new float[2], 2, new int[1], 0))
                .hasMessage("classes must be >= 1, got 0");
        assertThatThrownBy(() -> Dataset.regression(new float[2], 1, new float[3], 2))
                .hasMessage("targets has 3 values but 2 rows × targetWidth 2 needs 4");
    }

    @Test
    void rejectsLabelsOutOfRange() {
        assertThatThrownBy(() -> Dataset.classification(new float[3], 1, new int[] {0, 3, 1}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label 3 at row 1 (0-based) is not a class: expected 0..2");
        assertThatThrownBy(() -> Dataset.classification(new float[1], 1, new int[] {-1}, 3))
                .hasMessageStartingWith("label -1 at row 0");
    }

    @Test
    void rejectsNonFiniteValuesNamingRowAndColumn() {
        float[] x = {0, 1, 2, 3, 4, Float.NaN};
        assertThatThrownBy(() -> Dataset.unlabelled(x, 3))
                .hasMessage("feature at row 1, column 2 (0-based) is NaN; only finite values are allowed");
        float[] y = {0, 1, Float.NEGATIVE_INFINITY, 3};
        assertThatThrownBy(() -> Dataset.unlabelled(y, 2))
                .hasMessage("feature at row 1, column 0 (0-based) is -Infinity; only finite values are allowed");
        assertThatThrownBy(() -> Dataset.regression(new float[2], 1, new float[] {1, Float.POSITIVE_INFINITY}, 1))
                .hasMessageStartingWith("target at row 1, column 0 (0-based) is Infinity");
    }

    @Test
    void shuffleIsADeterministicPermutation() {
        Dataset d = numbered(100, 3);
        Dataset a = d.shuffled(42);
        Dataset b = d.shuffled(42);
        Dataset c = d.shuffled(43);
        assertThat(a.featureData()).containsExactly(b.featureData());
        assertThat(a.labels()).containsExactly(b.labels());
        assertThat(originalRows(a)).isNotEqualTo(originalRows(c));
        assertThat(originalRows(a)).isNotEqualTo(originalRows(d));
        int[] sorted = originalRows(a);
        Arrays.sort(sorted);
        assertThat(sorted).isEqualTo(originalRows(d));
        assertRowsIntact(a);
        assertThat(d.feature(7, 0)).as("the original is unchanged").isEqualTo(70f);
    }

    @Test
    void shuffleOrderIsPinned() {
        // The order is part of the contract (same seed, same order on every JDK), so it is pinned:
        // SeededRandom seeded with 1, Fisher–Yates from the last index down, Lemire bounded ints.
        assertThat(originalRows(numbered(8, 1).shuffled(1))).containsExactly(0, 3, 7, 1, 2, 6, 5, 4);
    }

    @Test
    void splitPartitionsTheRows() {
        Dataset d = numbered(10, 2);
        Dataset.Split s = d.split(0.3, 7);
        assertThat(s.train().rows()).isEqualTo(7);
        assertThat(s.validation().rows()).isEqualTo(3);
        int[] all = new int[10];
        System.arraycopy(originalRows(s.train()), 0, all, 0, 7);
        System.arraycopy(originalRows(s.validation()), 0, all, 7, 3);
        assertThat(all).isEqualTo(originalRows(d.shuffled(7)));
        Arrays.sort(all);
        assertThat(all).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertRowsIntact(s.train());
        assertRowsIntact(s.validation());
        assertThat(s.train().classes()).isEqualTo(2);
    }

    @Test
    void splitRejectsBadFractions() {
        Dataset d = numbered(10, 2);
        assertThatThrownBy(() -> d.split(0, 1)).hasMessage("validationFraction must be in (0, 1), got 0.0");
        assertThatThrownBy(() -> d.split(1, 1)).hasMessage("validationFraction must be in (0, 1), got 1.0");
        assertThatThrownBy(() -> d.split(Double.NaN, 1)).hasMessageContaining("got NaN");
        assertThatThrownBy(() -> d.split(0.01, 1)).hasMessage(
                "validationFraction 0.01 of 10 rows leaves 10 training and 0 validation rows; both need at least one");
    }

    @Test
    void slice() {
        Dataset d = numbered(6, 4);
        Dataset s = d.slice(2, 5);
        assertThat(s.rows()).isEqualTo(3);
        assertThat(s.featureData()).containsExactly(20, 21, 30, 31, 40, 41);
        assertThat(s.labels()).containsExactly(2, 3, 0);
        assertThat(s.classes()).isEqualTo(4);
        assertThat(d.slice(3, 3).rows()).isZero();
        assertThatThrownBy(() -> d.slice(4, 7)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("slice [4, 7) outside [0, 6]");
        assertThatThrownBy(() -> d.slice(3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aRowOutsideTheDataSetIsRejectedEvenWhereItsIndexWouldWrapToAnotherRow() {
        Dataset d = numbered(3, 2);
        assertThatThrownBy(() -> d.feature(Integer.MIN_VALUE + 1, 0)) // × 2 features wraps to index 2: row 1
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("row -2147483647 outside [0, 3)");
        assertThatThrownBy(() -> d.feature(3, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("row 3 outside [0, 3)");
    }
}
