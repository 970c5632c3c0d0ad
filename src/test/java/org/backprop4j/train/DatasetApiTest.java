package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.backprop4j.data.Dataset;
import org.backprop4j.data.Spirals;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Adam;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Loss;
import org.junit.jupiter.api.Test;

/** fit / evaluate / predict on a data.Dataset give what the array overloads give. */
class DatasetApiTest {

    private static Sequential model(int inputs) {
        return Sequential.of(new Dense(inputs, 16), Activations.relu(), new Dense(16, 3), Activations.softmax())
                .compile(Loss.categoricalCrossEntropy(), new Adam(1e-2f));
    }

    @Test
    void datasetOverloadsMatchTheArrayOnes() {
        Dataset train = Spirals.spiral(50, 3, 1);
        Dataset test = Spirals.spiral(50, 3, 2);
        Sequential a = model(2);
        Sequential b = model(2);
        History ha = a.fit(train, FitOptions.epochs(5).batchSize(32).shuffle(7).validation(test));
        History hb = b.fit(train.featureData(), train.labels(),
                FitOptions.epochs(5).batchSize(32).shuffle(7).validation(test.featureData(), test.labels()));

        assertThat(a.parameters()).containsExactly(b.parameters());
        assertThat(ha.validationAccuracy(4)).isEqualTo(hb.validationAccuracy(4));
        assertThat(a.evaluate(test).accuracy()).isEqualTo(b.evaluate(test.featureData(), test.labels()).accuracy());
        assertThat(a.predict(test)).containsExactly(b.predict(test.featureData()));
    }

    @Test
    void aDataSetOfTheWrongWidthIsRejectedWithBothWidths() {
        Dataset fourWide = Dataset.classification(new float[8 * 4], 4, new int[8], 3);
        Sequential m = model(2); // 8·4 floats would pass as 16 rows of 2: only the Dataset knows
        float[] before = m.parameters();

        assertThatThrownBy(() -> m.fit(fourWide, FitOptions.epochs(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fit: the data set has 4 features per row, the model's first layer takes 2");
        assertThatThrownBy(() -> m.predict(fourWide)).hasMessageContaining("4 features per row");
        assertThatThrownBy(() -> m.fit(Dataset.unlabelled(new float[4], 2), FitOptions.epochs(1)))
                .hasMessage("fit needs labels or targets; the data set has neither");
        assertThat(m.parameters()).containsExactly(before);
    }
}
