package org.backprop4j.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The tests' shared {@code local[2,2]} session: two task threads in the test JVM, driver on
 * 127.0.0.1, no UI, two shuffle partitions. Made on first use and kept for every test class of the
 * run (a SparkContext takes seconds to start); Spark's own shutdown hook stops it when the JVM
 * exits. Tests must not stop it; if something else did (a {@link StandaloneCluster} session stops
 * the active context), the next call makes a new one.
 *
 * <p>The second number in {@code local[2,2]} is {@code spark.task.maxFailures}: a failed task is
 * tried once more, as on a cluster (where the default is 4), so that a test can fail a task on
 * purpose (say, when {@code TaskContext.get().attemptNumber() == 0}) and see the job recover.
 * Plain {@code local[2]} fails the job at the first task failure.
 */
public final class LocalSpark {
    /** Two threads, two attempts per task. */
    public static final String MASTER = "local[2,2]";

    private static SparkSession session;

    private LocalSpark() {
    }

    /**
     * The shared session, started if need be.
     *
     * @throws IllegalStateException when another SparkContext (not this class's) is active
     */
    public static synchronized SparkSession session() {
        if (session != null && !session.sparkContext().isStopped()) {
            return session;
        }
        SparkSession spark = SparkSession.builder()
                .master(MASTER)
                .appName("backprop4j-spark-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        // getOrCreate hands back an active session of any master, ignoring ours, with a warning.
        if (!MASTER.equals(spark.sparkContext().master())) {
            throw new IllegalStateException("another SparkContext is active, on " + spark.sparkContext().master()
                    + "; stop it (SparkSession.stop) before using LocalSpark");
        }
        session = spark;
        return session;
    }
}
