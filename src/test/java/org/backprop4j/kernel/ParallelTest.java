package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regions on a pool: every part runs once, failures and interrupts reach the caller, reuse and
 * nesting work, and the pool's waiting workers ({@link Team}) are shared safely. A broken region
 * tends to hang rather than fail, so every test runs under a time limit on a thread of its own
 * (a hang then fails by name instead of stopping the build).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
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

    @Test
    void aRegionIsReusedThousandsOfTimesFromOutsideAndInside() {
        Parallel outside = new Parallel(pool);
        Parallel inside = new Parallel(pool);
        int regions = 5_000;
        int[] counts = {1, 2, 3, 5, 2};
        AtomicIntegerArray hits = new AtomicIntegerArray(5);
        for (int r = 0; r < regions; r++) {
            int count = counts[r % counts.length];
            outside.run(count, hits::incrementAndGet);
        }
        pool.invoke(ForkJoinTask.adapt(() -> {
            for (int r = 0; r < regions; r++) {
                inside.run(counts[r % counts.length], hits::incrementAndGet);
            }
        }));
        // part i ran once in every region with more than i parts, twice over (outside, inside)
        for (int i = 0; i < 5; i++) {
            int expected = 0;
            for (int r = 0; r < regions; r++) {
                expected += counts[r % counts.length] > i ? 2 : 0;
            }
            assertThat(hits.get(i)).as("runs of part %d", i).isEqualTo(expected);
        }
    }

    @Test
    void aRegionCannotBeReenteredFromItsOwnParts() {
        Parallel region = new Parallel(pool);
        assertThatThrownBy(() -> region.run(2, i -> region.run(2, j -> { })))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
        AtomicIntegerArray hits = new AtomicIntegerArray(2);
        region.run(2, hits::incrementAndGet); // and is usable again afterwards
        assertThat(hits.get(0) + hits.get(1)).isEqualTo(2);
    }

    @Test
    void aPoolShutDownWhileARegionRunsEndsTheRegionInsteadOfHangingIt() {
        ForkJoinPool single = new ForkJoinPool(1);
        AtomicIntegerArray ran = new AtomicIntegerArray(4);
        // as if on 4 cores: three helpers are queued on the one worker when the pool shuts down
        Runnable region = () -> new Parallel(single, 4).run(4, i -> {
            ran.set(i, 1);
            if (i == 0) { // the other parts are still queued on this worker
                single.shutdownNow();
            }
        });
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try {
                region.run();
                // a pool may also let the queued parts run; then every part ran once
                for (int i = 0; i < 4; i++) {
                    assertThat(ran.get(i)).as("part %d ran", i).isEqualTo(1);
                }
            } catch (CancellationException e) {
                assertThat(e).hasMessageContaining("shut down");
            }
        });
    }

    @Test
    void aRegionNeedsAPool() {
        assertThatThrownBy(() -> new Parallel(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pool must not be null");
    }

    @Test
    void partsStrandedBelowATaskTheWaiterCannotUnforkStillRun() {
        // one worker: part 0 hands the pool a task of its own, which lands on top of the parts
        AtomicIntegerArray ran = new AtomicIntegerArray(3);
        onOneWorker(single -> Parallel.run(single, 3, i -> {
            if (i == 0) {
                single.execute(() -> { });
            }
            ran.incrementAndGet(i);
        }));
        assertEachRanOnce(ran);
    }

    @Test
    void partsReorderedByAJoinInPart0StillRun() {
        AtomicIntegerArray ran = new AtomicIntegerArray(3);
        onOneWorker(single -> single.invoke(ForkJoinTask.adapt(() -> {
            ForkJoinTask<?> before = ForkJoinTask.adapt(() -> { }).fork();
            ForkJoinTask<?> joined = ForkJoinTask.adapt(() -> { }).fork();
            Parallel.run(single, 3, i -> {
                if (i == 0) {
                    joined.join(); // JDK 25 fills the hole in the queue with the top task
                }
                ran.incrementAndGet(i);
            });
            before.join();
        })));
        assertEachRanOnce(ran);
    }

    /** Runs {@code work} on a fresh 1-thread pool; a hang fails the test after 30 s. */
    private static void onOneWorker(java.util.function.Consumer<ForkJoinPool> work) {
        ForkJoinPool single = new ForkJoinPool(1);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> work.accept(single));
        } finally {
            single.shutdownNow();
        }
    }

    private static void assertEachRanOnce(AtomicIntegerArray ran) {
        for (int i = 0; i < ran.length(); i++) {
            assertThat(ran.get(i)).as("part %d ran", i).isEqualTo(1);
        }
    }

    @Test
    void anInterruptedCallerWaitsForTheRegionAndKeepsItsInterrupt() {
        AtomicIntegerArray ran = new AtomicIntegerArray(2);
        Thread.currentThread().interrupt();
        try {
            Parallel.run(pool, 2, i -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    throw new AssertionError("a part saw the caller's interrupt", e);
                }
                ran.incrementAndGet(i);
            });
        } finally {
            assertThat(Thread.interrupted()).as("the caller's interrupt flag, kept").isTrue();
        }
        assertThat(ran.get(0) + ran.get(1)).isEqualTo(2);
    }

    /**
     * With more threads than cores, a worker is often paused by the OS right after a part was
     * handed to it; the region's thread then runs that part itself unless the worker has started
     * it. Either way each part runs exactly once per region: checked after every region, with
     * busy threads taking the cores for 3 seconds of regions.
     */
    @Test
    void partsHandedToPausedWorkersRunOncePerRegion() throws Exception {
        ForkJoinPool crowded = new ForkJoinPool(4);
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] busy = new Thread[Runtime.getRuntime().availableProcessors() + 2];
        for (int t = 0; t < busy.length; t++) {
            busy[t] = new Thread(() -> {
                while (!stop.get()) {
                    Thread.onSpinWait();
                }
            });
            busy[t].setDaemon(true);
            busy[t].start();
        }
        try {
            Parallel region = new Parallel(crowded, 4); // three helpers, whatever the cores
            AtomicIntegerArray ran = new AtomicIntegerArray(4);
            int regions = crowded.invoke(ForkJoinTask.adapt(() -> {
                long end = System.nanoTime() + 3_000_000_000L;
                int r = 0;
                for (; System.nanoTime() < end; r++) {
                    region.run(4, i -> {
                        ran.incrementAndGet(i);
                        for (int spin = 0; spin < 200; spin++) {
                            Thread.onSpinWait();
                        }
                    });
                    for (int i = 0; i < 4; i++) {
                        assertThat(ran.getAndSet(i, 0)).as("runs of part %d in region %d", i, r).isEqualTo(1);
                    }
                }
                return r;
            }));
            assertThat(regions).isGreaterThan(100);
        } finally {
            stop.set(true);
            crowded.shutdownNow();
        }
    }

    /**
     * The pool's waiting workers ({@link Team}) are shared by every region on the pool: two
     * regions alternate thousands of times from inside, the second nested in the first's parts
     * every tenth time, and every hundredth region has a failing part. Every part runs once per
     * region, failures reach their own region's caller, and the workers leave the team so that the
     * pool then terminates at once.
     */
    @Test
    void regionsSharingThePoolsWaitingWorkersEachRunEveryPartOnce() throws Exception {
        Parallel first = new Parallel(pool, 3); // as many helpers as workers, whatever the cores
        Parallel second = new Parallel(pool, 3);
        int regions = 3_000;
        AtomicIntegerArray hits = new AtomicIntegerArray(6);
        int[] failures = new int[1];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> pool.invoke(ForkJoinTask.adapt(() -> {
            for (int r = 0; r < regions; r++) {
                int region = r;
                first.run(3, i -> {
                    hits.incrementAndGet(i);
                    if (region % 10 == 0 && i == 1) {
                        second.run(3, j -> hits.incrementAndGet(3 + j));
                    }
                });
                try {
                    second.run(3, j -> {
                        hits.incrementAndGet(3 + j);
                        if (region % 100 == 0 && j == 2) {
                            throw new IllegalStateException("part 2 of region " + region);
                        }
                    });
                } catch (IllegalStateException e) {
                    assertThat(e).hasMessage("part 2 of region " + region);
                    failures[0]++;
                }
            }
        })));
        for (int i = 0; i < 3; i++) {
            assertThat(hits.get(i)).as("runs of the first region's part %d", i).isEqualTo(regions);
            assertThat(hits.get(3 + i)).as("runs of the second region's part %d", i)
                    .isEqualTo(regions + regions / 10);
        }
        assertThat(failures[0]).isEqualTo(regions / 100);
        pool.shutdown();
        assertThat(pool.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS))
                .as("the pool terminates once its workers have left the team").isTrue();
    }

    /** Parts beyond the cores are taken by the threads there are; part 0 stays the caller's. */
    @Test
    void aRegionRunsOnNoMoreThreadsThanCores() {
        assertThat(Parallel.width(8, 2)).isEqualTo(2);
        assertThat(Parallel.width(2, 16)).isEqualTo(2);
        assertThat(Parallel.width(1, 0)).isEqualTo(1);
        ForkJoinPool wide = new ForkJoinPool(6);
        try {
            Parallel region = new Parallel(wide, 2);
            AtomicIntegerArray ran = new AtomicIntegerArray(6);
            java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
            int most = wide.invoke(ForkJoinTask.adapt(() -> {
                Thread caller = Thread.currentThread();
                int widest = 0;
                for (int r = 0; r < 2_000; r++) {
                    int region0 = r;
                    region.run(6, i -> {
                        if (i == 0) {
                            assertThat(Thread.currentThread()).as("part 0 of region %d", region0).isSameAs(caller);
                        }
                        threads.add(Thread.currentThread());
                        ran.incrementAndGet(i);
                        for (int spin = 0; spin < 100; spin++) {
                            Thread.onSpinWait();
                        }
                    });
                    widest = Math.max(widest, threads.size());
                    threads.clear();
                    for (int i = 0; i < 6; i++) {
                        assertThat(ran.getAndSet(i, 0)).as("runs of part %d in region %d", i, r).isEqualTo(1);
                    }
                }
                return widest;
            }));
            assertThat(most).as("threads that ran one region's parts").isEqualTo(2);
        } finally {
            wide.shutdownNow();
        }
    }

    /**
     * Parts are taken, not assigned: while a helper is held up in its part (here, asleep; in
     * practice paused by the OS), the region's thread runs every other part.
     */
    @Test
    void aHeldUpHelperHoldsUpOnlyItsOwnPart() {
        ForkJoinPool two = new ForkJoinPool(2);
        try {
            Parallel region = new Parallel(two, 2);
            Thread[] ranOn = new Thread[8];
            AtomicBoolean slept = new AtomicBoolean();
            Thread caller = two.invoke(ForkJoinTask.adapt(() -> {
                Thread me = Thread.currentThread();
                region.run(8, i -> {
                    ranOn[i] = Thread.currentThread();
                    if (ranOn[i] != me && slept.compareAndSet(false, true)) {
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    } else { // until the helper has started (or 10 s)
                        long end = System.nanoTime() + 10_000_000_000L;
                        while (!slept.get() && System.nanoTime() < end) {
                            Thread.onSpinWait();
                        }
                    }
                });
                return me;
            }));
            int byHelper = 0;
            for (Thread t : ranOn) {
                assertThat(t).isNotNull();
                byHelper += t == caller ? 0 : 1;
            }
            assertThat(slept).as("the helper started").isTrue();
            assertThat(byHelper).as("parts the helper ran").isEqualTo(1);
        } finally {
            two.shutdownNow();
        }
    }
}
