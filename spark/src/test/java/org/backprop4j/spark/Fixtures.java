package org.backprop4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
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

/** The Spark tests' data, estimator and single-machine reference. */
final class Fixtures {
    static final int FEATURES = 6;
    static final StructType SCHEMA = new StructType()
            .add("features", new VectorUDT(), true)
            .add("label", DataTypes.DoubleType, true);

    private Fixtures() {
    }

    /**
     * {@code rows} rows of {@link #FEATURES} Gaussian features, 3 classes from the first two, in
     * exactly {@code partitions} partitions of consecutive rows: the same rows in the same
     * partitions however often Spark recomputes them.
     */
    static Dataset<Row> data(SparkSession spark, int rows, int partitions, long seed) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(sc.parallelize(rows(rows, seed), partitions), SCHEMA);
    }

    static List<Row> rows(int rows, long seed) {
        Random r = new Random(seed);
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double[] x = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                x[j] = r.nextGaussian();
            }
            double label = x[0] > 0.3 ? 2 : x[1] > 0 ? 1 : 0;
            list.add(RowFactory.create(Vectors.dense(x), label));
        }
        return list;
    }

    /** Synchronous, 3 blocks, dropout and L2 included so that every part of a step is compared. */
    static NetworkClassifier classifier() {
        return new NetworkClassifier().setLayers(FEATURES, 24, 16, 3).setActivation("tanh").setDropout(0.1)
                .setL2(1e-4).setLearningRate(0.01).setEpochs(3).setBatchSize(32).setShardSize(8).setNumBlocks(3)
                .setSeed(5);
    }

    /** The features of {@code rows} as one float array, row after row. */
    static float[] features(List<Row> rows) {
        float[] x = new float[rows.size() * FEATURES];
        for (int i = 0; i < rows.size(); i++) {
            double[] v = ((Vector) rows.get(i).get(0)).toArray();
            for (int j = 0; j < FEATURES; j++) {
                x[i * FEATURES + j] = (float) v[j];
            }
        }
        return x;
    }

    /** {@link #classifier()} trained by one machine's fit on the DataFrame's rows in its order, on 2 threads. */
    static Sequential localFit(Dataset<Row> df) {
        List<Row> rows = df.collectAsList();
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            y[i] = (int) rows.get(i).getDouble(1);
        }
        Sequential local = NetworkSpec.of(classifier(), true).build(5);
        local.fit(features(rows), y, FitOptions.epochs(3).batchSize(32).shardSize(8).shuffle(5).blocks(3).threads(2));
        return local;
    }
}
