package org.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.backprop4j.model.Dense;
import org.backprop4j.train.Sequential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cluster itself (a job that needs the project's classes and the Vector API runs on both
 * executor JVMs, and survives an executor's death) and training on it: synchronous training
 * gives one machine's weights, also when an executor dies mid-step, with Kryo serialization. One
 * cluster for the class (starting one takes seconds of six JVMs on two cores).
 */
@Tag("cluster")
class StandaloneClusterTest {
    private static final int ROWS = 1000;
    private static final int INPUTS = 4;
    private static final int OUTPUTS = 2;
    private static final long SEED = 7;

    private static StandaloneCluster cluster;
    private static SparkSession spark;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start();
        // Kryo, as many deployments configure it, strictly: task results and shuffled rows then go
        // through it, and every class must be registered (local[2] covers Java serialization).
        spark = cluster.session(Map.of("spark.serializer", "org.apache.spark.serializer.KryoSerializer",
                "spark.kryo.registrationRequired", "true",
                "spark.kryo.registrator", KryoClasses.class.getName(),
                // the test's own classes, and those of the rows it parallelizes
                "spark.kryo.classesToRegister", String.join(",", Partition.class.getName(), "[F",
                        "org.apache.spark.sql.catalyst.expressions.GenericRow", "[Ljava.lang.Object;",
                        "org.apache.spark.ml.linalg.DenseVector", "[D")));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void runsTheLibraryOnEachExecutorJvm() {
        List<Partition> partitions = predictOnTheCluster();

        assertThat(partitions).hasSize(2);
        assertThat(partitions.stream().mapToInt(p -> p.outputs().length).sum()).isEqualTo(ROWS * OUTPUTS);
        float[] expected = model().predict(inputs(0, ROWS));
        for (Partition p : partitions) {
            float[] slice = Arrays.copyOfRange(expected, (int) p.firstId() * OUTPUTS,
                    (int) p.firstId() * OUTPUTS + p.outputs().length);
            assertThat(p.outputs()).containsExactly(slice, within(1e-6f));
        }
        // One task on each worker's executor: two JVMs of the cluster, neither the driver.
        Set<Long> pids = partitions.stream().map(Partition::pid).collect(Collectors.toSet());
        assertThat(pids).hasSize(2)
                .doesNotContain(ProcessHandle.current().pid())
                .isSubsetOf(cluster.executorPids());
    }

    @Test
    void replacesAKilledExecutor() {
        List<Long> before = cluster.executorPids();
        long killed = cluster.killOneExecutor();

        // The driver may still send a task to the dead executor; it is rerun elsewhere.
        assertThat(predictOnTheCluster().stream().mapToInt(p -> p.outputs().length).sum())
                .isEqualTo(ROWS * OUTPUTS);

        cluster.awaitExecutors(spark, StandaloneCluster.WORKERS);
        Set<Long> pids = predictOnTheCluster().stream().map(Partition::pid).collect(Collectors.toSet());
        assertThat(before).contains(killed);
        assertThat(pids).hasSize(2).doesNotContain(killed).isSubsetOf(cluster.executorPids());
    }

    @Test
    void synchronousTrainingOnTheClusterGivesOneMachinesWeightsBitForBit() {
        Dataset<Row> df = Fixtures.data(spark, 301, 2, 1);
        NetworkClassificationModel model = Fixtures.classifier().fit(df);

        assertThat(model.network().parameters()).containsExactly(Fixtures.localFit(df).parameters());
        assertThat(model.trainingAccuracy()[2]).isGreaterThan(0.8);
    }

    @Test
    void anExecutorLostMidTrainingChangesNoWeight() {
        Dataset<Row> df = Fixtures.data(spark, 301, 2, 1);
        List<Long> before = cluster.executorPids();
        spark.sparkContext().setLocalProperty(Failures.AT, "4");
        spark.sparkContext().setLocalProperty(Failures.MODE, "exit");
        NetworkClassificationModel model;
        try {
            model = Fixtures.classifier().fit(df);
        } finally {
            spark.sparkContext().setLocalProperty(Failures.AT, null);
            spark.sparkContext().setLocalProperty(Failures.MODE, null);
        }
        assertThat(model.network().parameters()).containsExactly(Fixtures.localFit(df).parameters());
        // the injected exit did end an executor: the master started another in its place
        cluster.awaitExecutors(spark, StandaloneCluster.WORKERS);
        assertThat(cluster.executorPids()).isNotEqualTo(before);
    }

    /** Each partition's predictions, made by the library on an executor, in id order. */
    private static List<Partition> predictOnTheCluster() {
        List<Partition> partitions = new ArrayList<>(spark.range(0, ROWS, 1, 2).javaRDD()
                .mapPartitions(StandaloneClusterTest::predictPartition).collect());
        partitions.sort(Comparator.comparingLong(Partition::firstId));
        return partitions;
    }

    /** Runs on an executor: needs backprop4j's classes and jdk.incubator.vector there. */
    private static Iterator<Partition> predictPartition(Iterator<Long> ids) {
        List<Long> list = new ArrayList<>();
        ids.forEachRemaining(list::add);
        if (list.isEmpty()) {
            return List.<Partition>of().iterator();
        }
        long first = list.get(0);
        float[] outputs = model().predict(inputs(first, list.size()));
        long pid = ManagementFactory.getRuntimeMXBean().getPid();
        return List.of(new Partition(pid, first, outputs)).iterator();
    }

    private static Sequential model() {
        return Sequential.of(new Dense(INPUTS, OUTPUTS)).initialize(SEED);
    }

    /** Rows first .. first + rows - 1, each a function of its id. */
    private static float[] inputs(long first, int rows) {
        float[] x = new float[rows * INPUTS];
        for (int r = 0; r < rows; r++) {
            long id = first + r;
            x[r * INPUTS] = id / (float) ROWS;
            x[r * INPUTS + 1] = (id % 7) / 7f;
            x[r * INPUTS + 2] = -id / 500f;
            x[r * INPUTS + 3] = 1f;
        }
        return x;
    }

    /** A class, not a record: task results go through Kryo here, which cannot create a record. */
    static final class Partition implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long pid;
        private final long firstId;
        private final float[] outputs;

        Partition(long pid, long firstId, float[] outputs) {
            this.pid = pid;
            this.firstId = firstId;
            this.outputs = outputs;
        }

        long pid() {
            return pid;
        }

        long firstId() {
            return firstId;
        }

        float[] outputs() {
            return outputs;
        }
    }
}
