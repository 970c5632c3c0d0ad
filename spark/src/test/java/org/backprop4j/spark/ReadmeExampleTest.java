package org.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.backprop4j.io.ModelFile;
import org.backprop4j.train.Sequential;
import org.junit.jupiter.api.Test;

/** The README's "Train on Spark" example, kept compiling and working (on 6 features and 3 classes). */
class ReadmeExampleTest {

    @Test
    void readmeSparkExampleTrainsPredictsAndSaves() throws Exception {
        SparkSession spark = LocalSpark.session();
        Path dir = Files.createTempDirectory("readme-spark-");
        Fixtures.data(spark, 600, 2, 3).write().parquet(dir.resolve("train.parquet").toString());
        Dataset<Row> test = Fixtures.data(spark, 200, 2, 4);

        // as in the README, but for the layers
        Dataset<Row> train = spark.read().parquet(dir.resolve("train.parquet").toString());
        NetworkClassificationModel model = new NetworkClassifier()
                .setLayers(Fixtures.FEATURES, 32, 3)
                .setActivation("relu").setOptimizer("adam").setLearningRate(1e-3)
                .setEpochs(3).setBatchSize(128).setSeed(42)
                .setStrategy("averaging")
                .fit(train);
        model.transform(test).select("prediction", "probability").show();
        String saved = dir.resolve("model").toString();
        model.write().overwrite().save(saved);
        Sequential plain = model.network();

        assertThat(ModelFile.load(Path.of(saved, "data", "network.bp4j")).model().parameters())
                .containsExactly(plain.parameters());
        assertThat(NetworkClassificationModel.load(saved).network().parameters()).containsExactly(plain.parameters());
    }
}
