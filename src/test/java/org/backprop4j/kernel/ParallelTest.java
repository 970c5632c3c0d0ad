package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private final ForkJoinPool pool = new ForkJoinPool(3);

    @AfterEach
    void shutDown() {
        pool.shutdownNow();
    }

    @Test
    void everyPartRunsOnceFromOutsideAndFromInsideThePool() {
        for (int count : new int[] {1, 2, 3, 7}) {
            AtomicIntegerArray outside = new AtomicIntegerArray(count);
            Parallel.run(pool, count, outside::incrementAndGet);
            AtomicIntegerArray inside = new AtomicIntegerArray(count);
            pool.invoke(ForkJoinTask.adapt(() -> Parallel.run(pool, count, inside::incrementAndGet)));
            for (int i = 0; i < count; i++) {
                assertThat(outside.get(i)).as("part %d of %d, outside", i, count).isEqualTo(1);
                assertThat(inside.get(i)).as("part %d of %d, inside", i, count).isEqualTo(1);
            }
        }
    }

    @Test
    void zeroPartsRunNothingAndANegativeCountIsRejected() {
        Parallel.run(pool, 0, i -> {
            throw new AssertionError("part " + i + " of 0 ran");
        });
        assertThatThrownBy(() -> Parallel.run(pool, -1, i -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("count must be >= 0, got -1");
    }

    @Test
    void aCheckedExceptionThrownSneakilyIsNotLost() {
        assertThatThrownBy(() -> Parallel.run(pool, 2, i -> {
            if (i == 1) {
                ParallelTest.<RuntimeException>sneakyThrow(new java.io.IOException("part 1"));
            }
        })).isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(java.io.IOException.class);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void nestedRegionsOnTheSamePoolComplete() {
        AtomicIntegerArray hits = new AtomicIntegerArray(4 * 5);
        Parallel.run(pool, 4, i -> Parallel.run(pool, 5, j -> hits.incrementAndGet(i * 5 + j)));
        for (int k = 0; k < hits.length(); k++) {
            assertThat(hits.get(k)).isEqualTo(1);
        }
    }

    @Test
    void aFailingPartIsRethrownOnlyAfterEveryPartHasFinished() {
        AtomicIntegerArray finished = new AtomicIntegerArray(6);
        AtomicReference<RuntimeException> part2 = new AtomicReference<>();
        assertThatThrownBy(() -> Parallel.run(pool, 6, i -> {
            if (i == 2 || i == 4) {
                RuntimeException e = new IllegalArgumentException("part " + i);
                if (i == 2) {
                    part2.set(e);
                }
                throw e;
            }
            try {
                Thread.sleep(20); // the others outlast the failures
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.set(i, 1);
        })).as("part 2's own exception, not a copy wrapping it").isSameAs(part2.get());
        for (int i : new int[] {0, 1, 3, 5}) {
            assertThat(finished.get(i)).as("part %d finished before the call threw", i).isEqualTo(1);
        }
    }

    @Test
    void part0sFailureComesFirst() {
        assertThatThrownBy(() -> Parallel.run(pool, 3, i -> {
            throw new IllegalStateException("part " + i);
        })).hasMessage("part 0");
    }
}
