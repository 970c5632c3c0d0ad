package org.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.spark.Fixtures.classifier;
import static org.backprop4j.spark.Fixtures.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.backprop4j.train.BatchPlan;
import org.backprop4j.train.Sequential;
import org.junit.jupiter.api.Test;

class NetworkClassifierTest {

    @Test
    void synchronousTrainingGivesFitsWeightsBitForBit() {
        SparkSession spark = LocalSpark.session();
        Dataset<Row> df = data(spark, 301, 2, 1);
        NetworkClassificationModel model = classifier().fit(df);

        Sequential local = Fixtures.localFit(df);
        assertThat(model.network().parameters()).containsExactly(local.parameters());
        assertThat(model.trainingAccuracy()).hasSize(3);
        assertThat(model.trainingAccuracy()[2]).isGreaterThan(0.8);

        // transform: the library's predict, row for row
        float[] p = local.predict(Fixtures.features(df.collectAsList()));
        List<Row> out = model.transform(df).select("rawPrediction", "probability", "prediction").collectAsList();
        for (int i = 0; i < out.size(); i++) {
            double[] raw = ((Vector) out.get(i).get(0)).toArray();
            double[] probability = ((Vector) out.get(i).get(1)).toArray();
            int best = 0;
            for (int c = 0; c < 3; c++) {
                assertThat(probability[c]).isEqualTo(p[i * 3 + c]);
                assertThat(raw[c]).isEqualTo(Math.log(p[i * 3 + c]));
                best = p[i * 3 + c] > p[i * 3 + best] ? c : best;
            }
            assertThat(out.get(i).getDouble(2)).isEqualTo(best);
        }
        // one row at a time, as MLlib's predict(Vector) does
        Vector first = (Vector) df.first().get(0);
        assertThat(model.predictProbability(first).toArray()[0]).isEqualTo(p[0], org.assertj.core.api.Assertions.within(1e-7));
    }

    @Test
    void aTaskThatFailsIsRetriedAndTheWeightsAreThoseOfAnUndisturbedRun() {
        SparkSession spark = LocalSpark.session();
        Dataset<Row> df = data(spark, 301, 2, 1);
        spark.sparkContext().setLocalProperty(Failures.AT, "3");
        NetworkClassificationModel model;
        try {
            model = classifier().fit(df);
        } finally {
            spark.sparkContext().setLocalProperty(Failures.AT, null);
        }
        assertThat(model.network().parameters()).containsExactly(Fixtures.localFit(df).parameters());
    }

    @Test
    void averagingIsReproducibleAndLearns() {
        SparkSession spark = LocalSpark.session();
        Dataset<Row> df = data(spark, 600, 2, 2);
        NetworkClassifier averaging = classifier().setStrategy("averaging").setAveragingSteps(4).setNumBlocks(2)
                .setEpochs(4);
        NetworkClassificationModel a = averaging.fit(df);
        spark.sparkContext().setLocalProperty(Failures.AT, "1"); // a retried task changes nothing either
        NetworkClassificationModel b;
        try {
            b = averaging.fit(df);
        } finally {
            spark.sparkContext().setLocalProperty(Failures.AT, null);
        }
        assertThat(b.network().parameters()).containsExactly(a.network().parameters());
        // 600 rows in 2 blocks of 300: 19 local steps of 16 rows an epoch, 76 in all, 19 rounds of 4
        assertThat(a.trainingLoss()).hasSize(19);
        assertThat(a.trainingLoss()[18]).isLessThan(a.trainingLoss()[0] / 2);
        assertThat(new org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(a.transform(data(spark, 500, 2, 3)))).isGreaterThan(0.85);
    }

    @Test
    void badDataIsRefusedBeforeTrainingNamingTheColumnRowAndPartition() {
        SparkSession spark = LocalSpark.session();
        String[][] cases = {
                {"nan", "column 'features' holds NaN in element 2 at row 1 of input partition 0"},
                {"inf", "column 'features' holds Infinity in element 2 at row 1 of input partition 0"},
                {"short", "column 'features' holds a vector of 5 values at row 1 of input partition 0;"
                        + " the network's first layer takes 6"},
                {"null", "column 'features' is null at row 1 of input partition 0"},
                {"label3", "column 'label' holds 3.0 at row 1 of input partition 0; a classifier with 3 outputs"
                        + " takes the labels 0 to 2"},
                {"label-half", "column 'label' holds 0.5 at row 1 of input partition 0"},
                {"label-nan", "column 'label' holds NaN at row 1 of input partition 0"},
        };
        for (String[] c : cases) {
            List<Row> rows = new ArrayList<>(Fixtures.rows(4, 9));
            double[] x = {0, 1, 2, 3, 4, 5};
            Row bad = switch (c[0]) {
                case "nan" -> RowFactory.create(Vectors.dense(0, 1, Double.NaN, 3, 4, 5), 1.0);
                case "inf" -> RowFactory.create(Vectors.dense(0, 1, Double.POSITIVE_INFINITY, 3, 4, 5), 1.0);
                case "short" -> RowFactory.create(Vectors.dense(0, 1, 2, 3, 4), 1.0);
                case "null" -> RowFactory.create(null, 1.0);
                case "label3" -> RowFactory.create(Vectors.dense(x), 3.0);
                case "label-half" -> RowFactory.create(Vectors.dense(x), 0.5);
                default -> RowFactory.create(Vectors.dense(x), Double.NaN);
            };
            rows.set(1, bad);
            Dataset<Row> df = spark.createDataFrame(rows, Fixtures.SCHEMA).coalesce(1);
            assertThatThrownBy(() -> classifier().fit(df)).as(c[0])
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(c[1]);
        }
        Dataset<Row> empty = spark.createDataFrame(List.of(), Fixtures.SCHEMA);
        assertThatThrownBy(() -> classifier().fit(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the training DataFrame has no rows");
        Dataset<Row> wrongType = data(spark, 10, 1, 1).withColumnRenamed("features", "f")
                .withColumn("features", org.apache.spark.sql.functions.lit(1.0));
        assertThatThrownBy(() -> classifier().fit(wrongType)).hasMessageContaining("features");
    }

    @Test
    void paramsAreCheckedWhenSet() {
        assertThatThrownBy(() -> new NetworkClassifier().setBatchSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> new NetworkClassifier().setActivation("swish"))
                .hasMessageContaining("activation").hasMessageContaining("swish");
        assertThatThrownBy(() -> new NetworkClassifier().setOptimizer("lbfgs")).hasMessageContaining("optimizer");
        assertThatThrownBy(() -> new NetworkClassifier().setStrategy("async")).hasMessageContaining("strategy");
        assertThatThrownBy(() -> new NetworkClassifier().setLayers(5)).hasMessageContaining("layers");
        assertThatThrownBy(() -> new NetworkClassifier().setLayers(5, 0, 2)).hasMessageContaining("layers");
        assertThatThrownBy(() -> new NetworkClassifier().setDropout(1)).hasMessageContaining("dropout");
        SparkSession spark = LocalSpark.session();
        assertThatThrownBy(() -> new NetworkClassifier().fit(data(spark, 10, 1, 1)))
                .hasMessageContaining("layers must be set");
        assertThatThrownBy(() -> new NetworkClassifier().setLayers(6, 1).fit(data(spark, 10, 1, 1)))
                .hasMessageContaining("at least 2");
    }

    @Test
    void executorsDropTheWorkersOfTrainingsThatEnded() {
        SparkSession spark = LocalSpark.session();
        Dataset<Row> df = data(spark, 301, 2, 1);
        Workers.sweep(System.nanoTime(), 0); // what earlier tests left
        classifier().fit(df);
        assertThat(Workers.count()).as("the driver drops a finished training's workers").isZero();

        // A training that fails midway (its loss overflows) leaves them; the next task drops them once idle.
        assertThatThrownBy(() -> classifier().setLearningRate(3e38).setL2(0).fit(df))
                .hasMessageContaining("loss became");
        assertThat(Workers.count()).isPositive();
        Workers.sweep(System.nanoTime() + Workers.IDLE_NANOS, Workers.IDLE_NANOS);
        assertThat(Workers.count()).isZero();
    }

    @Test
    void oneRowPredictionsCheckTheVectorAndTransformHonoursThresholds() {
        SparkSession spark = LocalSpark.session();
        Dataset<Row> df = data(spark, 301, 2, 1);
        NetworkClassificationModel model = classifier().setEpochs(1).fit(df);
        assertThatThrownBy(() -> model.predictRaw(Vectors.dense(new double[Fixtures.FEATURES + 1])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a features vector of 7 values; the model takes vectors of 6");

        // Spark's rule: the largest probability / threshold. Class 2 is favoured by a small threshold.
        double[] thresholds = {1, 1, 0.05};
        List<Row> out = model.copy(new org.apache.spark.ml.param.ParamMap()).setThresholds(thresholds)
                .transform(df).select("probability", "prediction").collectAsList();
        int changed = 0;
        for (Row row : out) {
            double[] p = ((Vector) row.get(0)).toArray();
            int best = 0;
            for (int c = 1; c < 3; c++) {
                best = p[c] / thresholds[c] > p[best] / thresholds[best] ? c : best;
            }
            assertThat(row.getDouble(1)).isEqualTo(best);
            changed += best != argmax(p) ? 1 : 0;
        }
        assertThat(changed).as("rows whose prediction the thresholds change").isPositive();
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }

    @Test
    void sizesThatCannotWorkAreRefusedBeforeTheRowsAreCached() {
        Sequential model = NetworkSpec.of(classifier(), true).build(1);
        // 3,000,000 rows of 784 features in one block: 2.35e9 floats, more than an array holds
        BatchPlan huge = new BatchPlan(3_000_000, 1, 128, 64, true, 1);
        assertThatThrownBy(() -> DistributedTraining.checkSizes(new SparkConf(), huge, 784, model, classifier()))
                .hasMessageContaining("a block of 3000000 rows × 784 features").hasMessageContaining("set numBlocks to 3");
        BatchPlan many = new BatchPlan(10_000, 1000, 1000, 1, true, 1);
        SparkConf small = new SparkConf().set("spark.driver.maxResultSize", "100k");
        int bytes = model.network().parameterCount() * 4;
        assertThatThrownBy(() -> DistributedTraining.checkSizes(small, many, 6, model, classifier()))
                .hasMessageContaining("each step returns " + 1000L * bytes + " bytes")
                .hasMessageContaining("spark.driver.maxResultSize (102400)");
        // averaging returns Adam's two moments too
        assertThatThrownBy(() -> DistributedTraining.checkSizes(small, many, 6, model,
                classifier().setStrategy("averaging"))).hasMessageContaining("each round returns " + 3000L * bytes);
        DistributedTraining.checkSizes(new SparkConf(), many, 6, model, classifier()); // 1g by default
    }
}
