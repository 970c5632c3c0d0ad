package org.backprop4j.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * Runs the parts of one parallel region on a ForkJoinPool: part 0 on the thread that gets there
 * first, the others forked to the pool's idle workers, all joined before the call returns.
 *
 * <p>The tasks are new for every region (a few dozen bytes each). Reusing them looks free but
 * can hang: {@link ForkJoinTask#reinitialize} is only safe once every join of the last run has
 * completed, and the thread that completed a task may still be signalling that run's joiners,
 * detach the next run's waiter and leave it parked with no one to wake it.
 */
public final class Parallel {
    private Parallel() {
    }

    /**
     * {@code part.accept(i)} for i in [0, count), on {@code pool}; from inside that pool the
     * calling thread takes part 0 itself. If parts throw, every part still finishes before the
     * first failed part's exception (in index order) is rethrown, as it was thrown. A count of 0
     * runs nothing.
     *
     * @throws IllegalArgumentException if count is negative
     */
    public static void run(ForkJoinPool pool, int count, IntConsumer part) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (count == 0) {
            return;
        }
        if (Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool) {
            rethrow(forkAll(count, part));
        } else {
            Part region = new Part(part, REGION, count); // enters the pool, then runs all parts there
            pool.invoke(region);
            rethrow(region.failure);
        }
    }

    /**
     * Runs the parts and returns the first failure in index order, or null. Failures travel in
     * fields, not through ForkJoinTask's own exception passing, which wraps an exception thrown on
     * another thread in a copy ("java.lang.IllegalStateException: java.lang...: message").
     */
    private static Throwable forkAll(int count, IntConsumer part) {
        Part[] forks = new Part[count];
        int forked = 1;
        Throwable failure = null;
        try {
            for (; forked < count; forked++) {
                forks[forked] = new Part(part, forked, 1);
                forks[forked].fork();
            }
            part.accept(0);
        } catch (Throwable e) {
            failure = e;
        } finally { // every forked part is finished before the region returns or throws
            for (int i = forked - 1; i >= 1; i--) {
                forks[i].quietlyJoin();
            }
        }
        for (int i = 1; i < forked && failure == null; i++) {
            failure = forks[i].failure;
        }
        return failure;
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) { // a checked exception thrown sneakily
            throw new IllegalStateException(failure);
        }
    }

    /** Index of the part that enters the pool from outside and runs all {@code count} parts there. */
    private static final int REGION = -1;

    @SuppressWarnings("serial")
    private static final class Part extends RecursiveAction {
        private final IntConsumer part;
        private final int index;
        private final int count;
        Throwable failure;

        Part(IntConsumer part, int index, int count) {
            this.part = part;
            this.index = index;
            this.count = count;
        }

        @Override
        protected void compute() {
            if (index == REGION) {
                failure = forkAll(count, part);
                return;
            }
            try {
                part.accept(index);
            } catch (Throwable e) {
                failure = e;
            }
        }
    }
}
