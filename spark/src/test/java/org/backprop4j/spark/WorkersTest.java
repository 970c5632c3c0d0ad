package org.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.backprop4j.train.BatchPlan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The executors' cache of per-block workers, without Spark. */
class WorkersTest {
    private static final int ROWS = 10;
    private static final NetworkSpec SPEC = NetworkSpec.of(Fixtures.classifier(), true);
    private static final BatchPlan PLAN = new BatchPlan(ROWS, 1, 4, 4, true, 1);

    @BeforeEach
    void empty() {
        Workers.sweep(System.nanoTime(), 0);
    }

    private static Rows.Block block(long id, float first) {
        float[] x = new float[ROWS * Fixtures.FEATURES];
        x[0] = first;
        return new Rows.Block(id, 0, ROWS, x, new int[ROWS], null);
    }

    private static Workers.Training training(Rows.Block asCached) {
        return new Workers.Training(UUID.randomUUID().toString(), SPEC, PLAN, 1, new long[] {asCached.checksum()});
    }

    private static Workers.Worker worker(Workers.Training training, Rows.Block block) {
        return Workers.run(training, block, PLAN, 0, w -> w);
    }

    @Test
    void aWorkerIsKeptForItsBlockAndRebuiltForARecomputedOneWithTheSameRows() {
        Rows.Block cached = block(1, 0.5f);
        Workers.Training training = training(cached);
        Workers.Worker first = worker(training, cached);
        assertThat((Object) worker(training, cached)).isSameAs(first);

        Rows.Block recomputed = block(2, 0.5f);
        assertThat((Object) worker(training, recomputed)).isNotSameAs(first);
        assertThat(Workers.count()).isEqualTo(1);
    }

    @Test
    void aRecomputedBlockWithOtherRowsIsRefusedWithWhatToDo() {
        Workers.Training training = training(block(1, 0.5f));
        assertThatThrownBy(() -> Workers.run(training, block(2, 0.25f), PLAN, 0, w -> w))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("block 0 holds other rows than when training began")
                .hasMessageEndingWith(Rows.DETERMINISTIC);
    }

    @Test
    void idleWorkersAreDroppedButNotOneInUse() throws Exception {
        Rows.Block cached = block(1, 0.5f);
        Workers.Training training = training(cached);
        Workers.run(training, cached, PLAN, 0, w -> w);
        Workers.sweep(System.nanoTime(), Workers.IDLE_NANOS);
        assertThat(Workers.count()).as("used just now").isEqualTo(1);

        CountDownLatch inUse = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> task = CompletableFuture.supplyAsync(() -> Workers.run(training, cached, PLAN, 0,
                w -> {
                    inUse.countDown();
                    try {
                        return release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
        assertThat(inUse.await(30, TimeUnit.SECONDS)).isTrue();
        Workers.sweep(System.nanoTime() + 2 * Workers.IDLE_NANOS, Workers.IDLE_NANOS);
        assertThat(Workers.count()).as("in use").isEqualTo(1);
        release.countDown();
        task.get(30, TimeUnit.SECONDS);

        Workers.sweep(System.nanoTime() + Workers.IDLE_NANOS, Workers.IDLE_NANOS);
        assertThat(Workers.count()).isZero();
    }
}
