package org.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class LocalSparkTest {
    @Test
    void isSharedAndRetriesAFailedTaskOnce() {
        SparkSession spark = LocalSpark.session();
        assertThat(LocalSpark.session()).isSameAs(spark);

        long count = spark.range(0, 10, 1, 2).javaRDD().map(id -> {
            if (TaskContext.getPartitionId() == 0 && TaskContext.get().attemptNumber() == 0) {
                throw new ExpectedFailure("the first attempt of partition 0 fails on purpose");
            }
            return id;
        }).count();

        assertThat(count).isEqualTo(10);
    }

    /** Without a stack trace: Spark logs the failure twice, and its trace would say nothing. */
    static final class ExpectedFailure extends RuntimeException {
        ExpectedFailure(String message) {
            super(message, null, false, false);
        }
    }
}
