package org.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.backprop4j.train.FitOptions;
import org.backprop4j.train.Sequential;
import org.junit.jupiter.api.Test;

class NetworkRegressorTest {

    /** y = sin(x0) + x1 * x2 / 2 on 3 uniform features in [-2, 2]. */
    private static Dataset<Row> data(SparkSession spark, int rows, long seed) {
        Random r = new Random(seed);
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double a = 4 * r.nextDouble() - 2;
            double b = 4 * r.nextDouble() - 2;
            double c = 4 * r.nextDouble() - 2;
            list.add(RowFactory.create(Vectors.dense(a, b, c), Math.sin(a) + b * c / 2));
        }
        return spark.createDataFrame(list, Fixtures.SCHEMA).coalesce(2);
    }

    private static NetworkRegressor regressor() {
        return new NetworkRegressor().setLayers(3, 32, 32, 1).setActivation("tanh").setLearningRate(0.02)
                .setEpochs(12).setBatchSize(64).setNumBlocks(2).setSeed(3);
    }

    @Test
    void fitsANonlinearTargetAsOneMachinesFitAndPredictsAsTheLibrary() {
        SparkSession spark = LocalSpark.session();
        Dataset<Row> train = data(spark, 800, 1);
        NetworkRegressionModel model = regressor().fit(train);

        List<Row> rows = train.collectAsList();
        float[] x = new float[rows.size() * 3];
        float[] y = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] v = ((Vector) rows.get(i).get(0)).toArray();
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = (float) v[j];
            }
            y[i] = (float) rows.get(i).getDouble(1);
        }
        Sequential local = NetworkSpec.of(regressor(), false).build(3);
        local.fit(x, y, FitOptions.epochs(12).batchSize(64).shuffle(3).blocks(2));
        assertThat(model.network().parameters()).containsExactly(local.parameters());

        // the target's variance is about 1.2; a linear model leaves most of it
        double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(model.transform(data(spark, 500, 2)));
        assertThat(rmse).isLessThan(0.25);
        float[] p = local.predict(x);
        List<Row> out = model.transform(train).select("prediction").collectAsList();
        for (int i = 0; i < out.size(); i++) {
            assertThat(out.get(i).getDouble(0)).isEqualTo(p[i]);
        }
        assertThat(model.predict((Vector) rows.get(0).get(0))).isEqualTo(p[0]);
        assertThatThrownBy(() -> model.predict(Vectors.dense(1, 2, 3, 4, 5, 6)))
                .hasMessage("a features vector of 6 values; the model takes vectors of 3");
    }

    @Test
    void aRegressorPredictsOneValue() {
        SparkSession spark = LocalSpark.session();
        assertThatThrownBy(() -> regressor().setLayers(3, 8, 2).fit(data(spark, 10, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("last layer size must be 1");
        Dataset<Row> infinite = spark.createDataFrame(List.of(RowFactory.create(Vectors.dense(1, 2, 3),
                Double.POSITIVE_INFINITY)), Fixtures.SCHEMA);
        assertThatThrownBy(() -> regressor().fit(infinite))
                .hasMessage("column 'label' holds Infinity at row 0 of input partition 0");
    }
}
