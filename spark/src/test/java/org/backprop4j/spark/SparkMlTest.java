package org.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.backprop4j.io.ModelFile;
import org.backprop4j.train.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The estimators among MLlib's own stages: pipelines, persistence, tuning. */
class SparkMlTest {
    private static final String[] COLUMNS = {"a", "b", "c", "d", "e", "f"};

    @TempDir
    Path dir;

    /** The fixtures' rows as six plain double columns, the first two on a large scale (the scaler's work). */
    private static Dataset<Row> table(SparkSession spark, int rows, long seed) {
        Dataset<Row> df = Fixtures.data(spark, rows, 2, seed)
                .withColumn("v", org.apache.spark.ml.functions.vector_to_array(functions.col("features"), "float64"));
        Column[] columns = new Column[COLUMNS.length + 1];
        for (int j = 0; j < COLUMNS.length; j++) {
            columns[j] = functions.col("v").getItem(j).multiply(j < 2 ? 1000 : 1).plus(j < 2 ? 500 : 0).as(COLUMNS[j]);
        }
        columns[COLUMNS.length] = functions.col("label");
        return df.select(columns);
    }

    private static Pipeline pipeline(NetworkClassifier classifier) {
        return new Pipeline().setStages(new PipelineStage[] {
                new VectorAssembler().setInputCols(COLUMNS).setOutputCol("raw"),
                new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true),
                classifier});
    }

    private static double accuracy(Dataset<Row> predictions) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions);
    }

    @Test
    void aPipelineWithAssemblerAndScalerTrainsSavesAndLoads() throws IOException {
        SparkSession spark = LocalSpark.session();
        Dataset<Row> train = table(spark, 400, 1);
        Dataset<Row> test = table(spark, 300, 2);
        PipelineModel fitted = pipeline(Fixtures.classifier().setNumBlocks(2)).fit(train);
        Dataset<Row> predicted = fitted.transform(test);
        assertThat(accuracy(predicted)).isGreaterThan(0.85);

        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        assertThat(loaded.transform(test).select("probability").collectAsList())
                .isEqualTo(predicted.select("probability").collectAsList());

        // the network is a model file the plain library reads, outside Spark
        NetworkClassificationModel network = (NetworkClassificationModel) loaded.stages()[2];
        Path file = dir.resolve("pipeline/stages").toFile().listFiles(f -> f.getName().startsWith("2_"))[0].toPath()
                .resolve("data/network.bp4j");
        Sequential plain = ModelFile.load(file).model();
        assertThat(plain.parameters()).containsExactly(network.network().parameters());
        List<Row> scaled = loaded.transform(test).select("features", "probability").collectAsList();
        float[] p = plain.predict(Fixtures.features(scaled));
        for (int i = 0; i < scaled.size(); i++) {
            assertThat(((Vector) scaled.get(i).get(1)).apply(1)).isEqualTo(p[i * 3 + 1]);
        }
    }

    @Test
    void theEstimatorAndTheModelPersistWithTheirParams() throws IOException {
        SparkSession spark = LocalSpark.session();
        NetworkClassifier estimator = Fixtures.classifier().setStrategy("averaging").setAveragingSteps(7)
                .setOptimizer("rmsprop").setThreadsPerTask(2).setProbabilityCol("p");
        String path = dir.resolve("estimator").toString();
        estimator.write().overwrite().save(path);
        NetworkClassifier back = NetworkClassifier.load(path);
        assertThat(back.uid()).isEqualTo(estimator.uid());
        for (Param<?> param : estimator.params()) {
            assertThat(json(back, back.getParam(param.name()))).as(param.name()).isEqualTo(json(estimator, param));
        }
        assertThat(back.getLayers()).containsExactly(Fixtures.FEATURES, 24, 16, 3);

        NetworkClassificationModel model = Fixtures.classifier().setEpochs(1).setProbabilityCol("p")
                .fit(Fixtures.data(spark, 100, 2, 4));
        String modelPath = dir.resolve("model").toString();
        model.write().save(modelPath);
        NetworkClassificationModel loaded = NetworkClassificationModel.load(modelPath);
        assertThat(loaded.getProbabilityCol()).isEqualTo("p");
        assertThat(loaded.network().parameters()).containsExactly(model.network().parameters());
        Dataset<Row> test = Fixtures.data(spark, 50, 2, 5);
        assertThat(loaded.transform(test).select("p", "prediction").collectAsList())
                .isEqualTo(model.transform(test).select("p", "prediction").collectAsList());
    }

    /** The param's value as ML persistence writes it, "default" when not set. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static String json(Params owner, Param param) {
        return owner.isSet(param) ? param.jsonEncode(owner.getOrDefault(param)) : "default";
    }

    @Test
    void crossValidatorPicksALearningRateFromAGrid() {
        SparkSession spark = LocalSpark.session();
        NetworkClassifier classifier = Fixtures.classifier().setNumBlocks(2).setBatchSize(64).setEpochs(2);
        ParamMap[] grid = new ParamGridBuilder().addGrid(classifier.learningRate(), new double[] {1e-5, 0.03}).build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline(classifier)).setEstimatorParamMaps(grid)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy")).setNumFolds(2)
                .setSeed(1).fit(table(spark, 400, 6));
        assertThat(cv.avgMetrics()).hasSize(2);
        assertThat(cv.avgMetrics()[1]).isGreaterThan(cv.avgMetrics()[0]);
        assertThat(((PipelineModel) cv.bestModel()).stages()[2]).isInstanceOf(NetworkClassificationModel.class);
        assertThat(accuracy(cv.transform(table(spark, 300, 7)))).isGreaterThan(0.8);
    }
}
