package org.backprop4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.backprop4j.data.FashionMnist;
import org.backprop4j.train.FitOptions;
import org.backprop4j.train.Sequential;

/**
 * Fashion-MNIST on Spark: our estimator (both strategies) against MLlib's
 * {@code MultilayerPerceptronClassifier} with the same layers, and the synchronous strategy's
 * samples/s against one machine's {@code fit} at the same thread count. Run by
 * {@code scripts/bench-spark} ({@code local} for {@code local[2]}, {@code cluster} for a
 * {@link StandaloneCluster} of two one-core workers); not a test.
 *
 * <p>As in issue 13's MLlib anchor: the data are written to Parquet, read back in two partitions
 * (one per core), cached and counted before anything is timed; a figure is the wall time of
 * {@code fit} alone, accuracy that of the model's {@code transform} on the 10,000 test rows.
 * Each of our figures is a fresh fit of 1, 2, 3… epochs; our time to 0.85 is that of the shortest
 * whose model reaches 0.85.
 */
public final class FashionMnistBench {
    private static final int[] LAYERS = {784, 256, 128, 10};
    private static final int BATCH = 128;
    private static final long SEED = 42;

    private FashionMnistBench() {
    }

    public static void main(String[] args) throws Exception {
        String where = args.length > 0 ? args[0] : "local";
        int mllibIterations = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        boolean mllibOnly = args.length > 2 && "mllib-only".equals(args[2]);
        FashionMnist.TrainTest data = FashionMnist.load(FashionMnist.DEBIAN_DIRECTORY);
        StandaloneCluster cluster = null;
        SparkSession spark;
        if ("cluster".equals(where)) {
            // An executor holds half the cached DataFrame (doubles, ~190 MB), its rows as floats
            // twice while they are cut into blocks, and MLlib's stacked copies: 1g is too little.
            cluster = StandaloneCluster.start("3g");
            spark = cluster.session(Map.of("spark.executor.memory", "3g",
                    "spark.executorEnv.OPENBLAS_NUM_THREADS", "1"));
        } else {
            spark = SparkSession.builder().master("local[2]").appName("fashion-mnist-bench")
                    .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        }
        try {
            Path dir = Files.createTempDirectory("fashion-parquet-");
            Dataset<Row> train = cached(spark, data.train(), dir.resolve("train").toString());
            Dataset<Row> test = cached(spark, data.test(), dir.resolve("test").toString());
            System.out.printf(Locale.ROOT, "## %s: %s, %d train rows in %d partitions, %d test rows; Java %s;"
                    + " MLlib's BLAS %s%n", where, spark.sparkContext().master(), train.count(),
                    train.rdd().getNumPartitions(), test.count(), System.getProperty("java.version"),
                    dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getSimpleName());

            if (!mllibOnly) {
                localFit(data, 1);
                localFit(data, 1);
                // The first fit pays for compiling Spark's job path (hundreds of jobs); the second
                // shows the warm JVM.
                for (int epochs : new int[] {1, 1, 2, 3}) {
                    ours("synchronous", epochs, train, test);
                }
                for (int epochs : new int[] {1, 2, 3, 5, 10}) {
                    ours("averaging", epochs, train, test);
                }
            }
            mllib(mllibIterations, train, test);
        } finally {
            if (cluster != null) {
                cluster.close();
            } else {
                spark.stop();
            }
        }
    }

    /** The data set as a DataFrame of pixels/255, through Parquet, in 2 partitions, cached. */
    private static Dataset<Row> cached(SparkSession spark, org.backprop4j.data.Dataset d, String path) {
        List<Row> rows = new ArrayList<>(d.rows());
        float[] x = d.featureData();
        int f = d.features();
        for (int i = 0; i < d.rows(); i++) {
            double[] v = new double[f];
            for (int j = 0; j < f; j++) {
                v[j] = x[i * f + j] / 255.0;
            }
            rows.add(RowFactory.create(Vectors.dense(v), (double) d.label(i)));
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        spark.createDataFrame(sc.parallelize(rows, 8), Fixtures.SCHEMA).write().parquet(path);
        Dataset<Row> df = spark.read().parquet(path).repartition(2).cache();
        df.count();
        return df;
    }

    private static void ours(String strategy, int epochs, Dataset<Row> train, Dataset<Row> test) {
        NetworkClassifier estimator = new NetworkClassifier().setLayers(LAYERS).setEpochs(epochs)
                .setBatchSize(BATCH).setSeed(SEED).setStrategy(strategy);
        long t0 = System.nanoTime();
        NetworkClassificationModel model = estimator.fit(train);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double acc = accuracy(model, test);
        System.out.printf(Locale.ROOT, "backprop4j %-11s epochs %2d  fit %6.2f s  %7.0f samples/s  test acc %.4f%n",
                strategy, epochs, seconds, 60000.0 * epochs / seconds, acc);
    }

    /** One machine's fit, 2 threads, the blocks the estimator uses on 2 cores: the synchronous strategy's twin. */
    private static void localFit(FashionMnist.TrainTest data, int epochs) {
        NetworkClassifier same = new NetworkClassifier().setLayers(LAYERS).setSeed(SEED);
        Sequential model = NetworkSpec.of(same, true).build(SEED);
        float[] x = data.train().featureData().clone();
        for (int i = 0; i < x.length; i++) {
            x[i] /= 255f;
        }
        long t0 = System.nanoTime();
        model.fit(x, data.train().labels(), FitOptions.epochs(epochs).batchSize(BATCH).shuffle(SEED).blocks(2)
                .threads(2));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "one machine's fit, 2 threads, epochs %d  fit %6.2f s  %7.0f samples/s%n",
                epochs, seconds, 60000.0 * epochs / seconds);
    }

    private static void mllib(int iterations, Dataset<Row> train, Dataset<Row> test) {
        MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setLayers(LAYERS)
                .setBlockSize(BATCH).setMaxIter(iterations).setSeed(SEED);
        long t0 = System.nanoTime();
        Model<?> model = mlp.fit(train);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "MLlib MLP (l-bfgs)      maxIter %3d  fit %6.2f s  test acc %.4f%n",
                iterations, seconds, accuracy(model, test));
    }

    private static double accuracy(Model<?> model, Dataset<Row> test) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(model.transform(test));
    }
}
