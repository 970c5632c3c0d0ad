package org.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.backprop4j.train.FitOptions;
import org.backprop4j.train.Sequential;
import org.junit.jupiter.api.Test;

class NetworkClassifierTest {

    static final StructType SCHEMA = new StructType()
            .add("features", new VectorUDT(), true)
            .add("label", DataTypes.DoubleType, true);

    /** rows × 6 features, 3 classes from the first two features, in {@code partitions} partitions. */
    static Dataset<Row> data(SparkSession spark, int rows, int partitions, long seed) {
        Random r = new Random(seed);
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double[] x = new double[6];
            for (int j = 0; j < 6; j++) {
                x[j] = r.nextGaussian();
            }
            double label = x[0] > 0.3 ? 2 : x[1] > 0 ? 1 : 0;
            list.add(RowFactory.create(Vectors.dense(x), label));
        }
        return spark.createDataFrame(list, SCHEMA).repartition(partitions).sortWithinPartitions("label");
    }

    static NetworkClassifier classifier() {
        return new NetworkClassifier().setLayers(6, 24, 16, 3).setActivation("tanh").setDropout(0.1).setL2(1e-4)
                .setLearningRate(0.01).setEpochs(3).setBatchSize(32).setShardSize(8).setNumBlocks(3).setSeed(5);
    }

    @Test
    void synchronousTrainingGivesFitsWeightsBitForBit() {
        SparkSession spark = LocalSpark.session();
        Dataset<Row> df = data(spark, 301, 2, 1).cache();
        NetworkClassificationModel model = classifier().fit(df);

        // one machine: the same rows in the DataFrame's order, fit with the same blocks
        List<Row> rows = df.collectAsList();
        float[] x = new float[rows.size() * 6];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] v = ((org.apache.spark.ml.linalg.Vector) rows.get(i).get(0)).toArray();
            for (int j = 0; j < 6; j++) {
                x[i * 6 + j] = (float) v[j];
            }
            y[i] = (int) rows.get(i).getDouble(1);
        }
        Sequential local = NetworkSpec.of(classifier(), true).build(5);
        local.fit(x, y, FitOptions.epochs(3).batchSize(32).shardSize(8).shuffle(5).blocks(3).threads(2));
        assertThat(model.network().parameters()).containsExactly(local.parameters());
        assertThat(model.trainingAccuracy()[2]).isGreaterThan(0.8);

        Dataset<Row> predicted = model.transform(df);
        assertThat(predicted.columns()).contains("rawPrediction", "probability", "prediction");
        float[] p = local.predict(x);
        List<Row> out = predicted.select("probability", "prediction").collectAsList();
        for (int i = 0; i < out.size(); i++) {
            double[] probability = ((org.apache.spark.ml.linalg.Vector) out.get(i).get(0)).toArray();
            for (int c = 0; c < 3; c++) {
                assertThat(probability[c]).isEqualTo(p[i * 3 + c]);
            }
        }
    }
}
