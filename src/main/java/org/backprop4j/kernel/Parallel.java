package org.backprop4j.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs the parts of a parallel region on a ForkJoinPool, all finished before the call returns.
 * A region runs on at most width threads, the pool's parallelism capped at the available
 * processors: the thread that gets there first runs part 0, and width − 1 helpers (handed to the
 * pool's workers that wait for them, {@link Team}, or forked to its idle workers) parts 1 to
 * width − 1, the same helper the same part from region to region while the workers stay (so a
 * part's data stays in its core's cache); then each takes the next part not yet taken until none
 * is left. Which thread runs a part never changes what it computes.
 *
 * <p>Helpers are capped at the cores the JVM may use, and parts beyond them are taken, not dealt
 * out: a pool with more threads than cores (a container's CPU limit) otherwise has its idle
 * workers spinning on the cores its busy ones need. MLP-784 on 2 cores (Zen 5, JDK 25, FreshRun,
 * fresh model) trained at 135k, 70k and 51k samples/s with 2, 4 and 8 threads when each part had
 * a helper of its own.
 *
 * <p>An instance is a reusable region: its fork tasks are made once and reused, so that a
 * training step allocates nothing. One region runs at a time per instance (nested or concurrent
 * regions need instances of their own); {@link #run(ForkJoinPool, int, IntConsumer)} makes a
 * fresh one for a single call.
 *
 * <p>Reuse is safe because nobody ever joins these tasks: {@link ForkJoinTask#reinitialize} is
 * only safe once every join of the last run has completed, and a joined task's completer may
 * still be signalling that run's joiners when the next run starts, detach the next joiner and
 * leave it parked for good (observed once as a hung training run). Here a part marks its task
 * complete and only then counts itself down in a field of the region; the waiting thread spins,
 * then blocks in {@link ForkJoinPool#managedBlock} on that count (so the pool can compensate:
 * a part stuck in its queue below a task it cannot unfork is stolen by another worker).
 *
 * <p>A region entered from outside the pool needs a pool thread to run it: the common pool
 * with parallelism 0 has none, so there this thread runs the region itself.
 */
public final class Parallel {
    /** Spins before parking: a part usually ends within microseconds of its siblings. */
    private static final int SPINS = 1 << 10;
    private static final VarHandle PENDING = field(Parallel.class, "pending", int.class);
    private static final VarHandle NEXT = field(Parallel.class, "next", int.class);
    /** The cores this JVM may use (a container's CPU limit included), read once. */
    static final int CORES = Runtime.getRuntime().availableProcessors();

    private static VarHandle field(Class<?> owner, String name, Class<?> type) {
        try {
            return MethodHandles.lookup().findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ForkJoinPool pool;
    private final Team team;
    private final Entry entry = new Entry();
    private final ForkJoinPool.ManagedBlocker partsDone = new ForkJoinPool.ManagedBlocker() {
        @Override
        public boolean block() {
            if (pending != 0) {
                LockSupport.park(Parallel.this);
                waitInterrupted |= Thread.interrupted(); // else park returns at once from now on
            }
            return pending == 0;
        }

        @Override
        public boolean isReleasable() {
            return pending == 0;
        }
    };
    private final int width;            // threads a region runs on at most
    private Helper[] helpers = new Helper[0]; // grown on demand
    private Throwable[] failures = new Throwable[1]; // failures[i]: what part i threw
    private IntConsumer work;           // the region in progress: part i is work.accept(i)
    private int count;
    private volatile int next;          // the next part to take, once each thread has run its own
    private volatile int pending;       // helpers started and not yet finished
    private Thread waiter;              // the thread waiting for them
    private boolean waitInterrupted;    // it was interrupted while it waited
    private volatile boolean entryDone;
    private Thread externalWaiter;
    private boolean busy;

    /** A reusable region on {@code pool}. */
    public Parallel(ForkJoinPool pool) {
        this(pool, CORES);
    }

    /** A region on {@code pool} as if the JVM had {@code cores} cores (tests: more helpers than cores). */
    Parallel(ForkJoinPool pool, int cores) {
        if (pool == null) {
            throw new IllegalArgumentException("pool must not be null");
        }
        this.pool = pool;
        this.team = Team.of(pool);
        this.width = width(pool.getParallelism(), cores);
    }

    /** Threads worth running a region on: the pool's, but no more than the cores to run them. */
    static int width(int parallelism, int cores) {
        return Math.max(1, Math.min(parallelism, cores));
    }

    /**
     * {@code part.accept(i)} for i in [0, count) on a fresh region of {@code pool}; see
     * {@link #run(int, IntConsumer)}. Allocates the region; reuse an instance on a hot path.
     */
    public static void run(ForkJoinPool pool, int count, IntConsumer part) {
        new Parallel(pool).run(count, part);
    }

    /**
     * {@code part.accept(i)} for i in [0, count), in any order on up to width threads (see the
     * class comment); from inside this region's pool the calling thread takes part 0 itself.
     * Parts must not wait for each other. If parts throw, every part still runs before the first
     * failed part's exception (in index order) is rethrown, as it was thrown. A count of 0 runs
     * nothing.
     *
     * @throws IllegalArgumentException if count is negative
     * @throws IllegalStateException    if this region is already running (one region at a time)
     */
    public void run(int count, IntConsumer part) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        if (count == 0) {
            return;
        }
        if (busy) {
            throw new IllegalStateException("this Parallel region is already running; "
                    + "nested or concurrent regions need their own instances");
        }
        busy = true;
        try {
            this.work = part;
            this.count = count;
            reserve(count);
            if (Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool) {
                rethrow(runParts());
            } else {
                enterPool();
                rethrow(entry.failure);
            }
        } finally {
            this.work = null;
            busy = false;
        }
    }

    /** From outside the pool: one task enters it and runs all parts there; this thread waits. */
    private void enterPool() {
        entry.prepare();
        externalWaiter = Thread.currentThread();
        entryDone = false;
        entry.fork(pool, false);
        boolean interrupted = false;
        boolean mayHaveNoWorker = pool == ForkJoinPool.commonPool(); // parallelism 0 is possible there
        for (int spin = 0; !entryDone; spin++) {
            if (spin < SPINS / 16) { // this thread may be taking a core the pool needs: park soon
                Thread.onSpinWait();
                continue;
            }
            if (mayHaveNoWorker && pool.getPoolSize() == 0 && entry.tryUnfork()) {
                entry.quietlyInvoke(); // no worker exists to take it: run the region here
                continue;
            }
            if (mayHaveNoWorker) {
                LockSupport.parkNanos(this, 1_000_000); // look again for a worker now and then
            } else {
                LockSupport.park(this);
            }
            interrupted |= Thread.interrupted(); // else park returns at once from now on
        }
        externalWaiter = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the parts on the calling pool thread and its helpers; returns the first failure in
     * index order, or null. Failures travel in fields: ForkJoinTask's own exception passing would
     * wrap an exception from another thread in a copy ("java.lang.IllegalStateException: java.lang...").
     */
    private Throwable runParts() {
        waiter = Thread.currentThread();
        int wanted = Math.min(count, width) - 1;
        next = wanted + 1;
        pending = wanted;
        int started = 0;
        Throwable failure = null;
        try {
            for (; started < wanted; started++) {
                Helper h = helpers[started];
                h.prepare();
                h.slot = team.offer(h); // a waiting worker takes it at once; else fork it
                if (!h.handedOver()) {
                    h.fork(pool, true);
                }
            }
        } catch (Throwable e) { // e.g. a full queue: this thread runs the missing helpers' parts
            failure = e;
            PENDING.getAndAdd(this, started - wanted);
        }
        takeParts(0);
        for (int i = started + 1; i <= wanted; i++) {
            runPart(i);
        }
        // A helper that has not started (its own part left to run) runs here, at once, rather
        // than being waited for: the forked ones nobody stole are still on top of this thread's
        // queue, last forked first, and one handed to a worker that has not taken it (the OS has
        // paused that thread, say) is taken back (MLP-784 on 2 busy cores waited for one
        // in 2 to 30 of 4,104 regions, 1.3 to 4.3 ms each: a scheduler's time slice).
        for (int i = started - 1; i >= 0 && (helpers[i].handedOver() || helpers[i].tryUnfork()); i--) {
            if (!helpers[i].handedOver()) {
                helpers[i].quietlyInvoke();
            }
        }
        for (int i = 0; i < started; i++) {
            if (helpers[i].handedOver() && team.takeBack(helpers[i].slot, helpers[i])) {
                helpers[i].runOnce();
            }
        }
        awaitParts();
        waiter = null;
        for (int i = 0; i < started; i++) { // a helper the pool cancelled before it ran its part
            if (helpers[i].failure != null && failures[i + 1] == null) {
                failures[i + 1] = helpers[i].failure;
            }
        }
        for (int i = count - 1; i >= 0; i--) { // the first in index order wins
            if (failures[i] != null) {
                failure = failures[i];
                failures[i] = null;
            }
        }
        return failure;
    }

    /** Runs part {@code own}, then the next part not yet taken until none is left. */
    private void takeParts(int own) {
        runPart(own);
        for (int i = (int) NEXT.getAndAdd(this, 1); i < count; i = (int) NEXT.getAndAdd(this, 1)) {
            runPart(i);
        }
    }

    /** Runs part i, keeping its failure. */
    private void runPart(int i) {
        try {
            work.accept(i);
        } catch (Throwable e) {
            failures[i] = e;
        }
    }

    private void awaitParts() {
        for (int spin = 0; pending != 0 && spin < SPINS; spin++) {
            Thread.onSpinWait();
        }
        boolean interrupted = false;
        while (pending != 0) {
            try {
                ForkJoinPool.managedBlock(partsDone);
            } catch (InterruptedException e) { // not thrown by partsDone; the signature has it
                interrupted = true;
            }
        }
        if (interrupted || waitInterrupted) {
            waitInterrupted = false;
            Thread.currentThread().interrupt();
        }
    }

    private void partDone() {
        if ((int) PENDING.getAndAdd(this, -1) == 1) {
            Thread w = waiter;
            if (w != Thread.currentThread()) {
                LockSupport.unpark(w);
            }
        }
    }

    private void reserve(int count) {
        if (failures.length < count) {
            failures = new Throwable[count];
        }
        int wanted = Math.min(count, width) - 1;
        if (helpers.length < wanted) {
            Helper[] grown = java.util.Arrays.copyOf(helpers, wanted);
            for (int i = helpers.length; i < wanted; i++) {
                grown[i] = new Helper(i + 1);
            }
            helpers = grown;
        }
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

    /**
     * A task that is run again and again, never joined (see the class comment). Its run ends in
     * {@link #finish} exactly once, also when a pool shutting down cancels it before it ran.
     */
    @SuppressWarnings("serial")
    private abstract static class Reusable extends ForkJoinTask<Void> {
        private static final VarHandle FINISHED = field(Reusable.class, "finished", boolean.class);

        private boolean submitted;
        private volatile boolean finished;
        Throwable failure;

        /** Ready for the next run: the last one completed the task before it finished (see exec). */
        final void prepare() {
            if (submitted) {
                reinitialize();
                submitted = false;
            }
            failure = null;
            finished = false;
        }

        final void fork(ForkJoinPool pool, boolean fromInside) {
            if (fromInside) {
                fork();
            } else {
                pool.execute(this);
            }
            submitted = true;
        }

        /** Runs the task's body; any throwable ends up in {@link #failure}. */
        abstract void body();

        /** Tells the waiting thread; called once per run. */
        abstract void finish();

        /**
         * Completes the task, and only then tells the waiter: once the waiter may reuse the task,
         * this run writes nothing more to it (doExec does not complete a task whose exec returned
         * false), so reinitialize cannot race with it.
         */
        @Override
        protected final boolean exec() {
            boolean stolen = stolen();
            try {
                body();
            } catch (Throwable e) { // kept out of ForkJoinTask, which would keep it across reuse
                failure = e;
            } finally {
                if (FINISHED.compareAndSet(this, false, true)) {
                    quietlyComplete();
                    finish();
                }
            }
            afterExec(stolen); // touches nothing of this task: it may already run again
            return false;
        }

        /** A run that was never forked: the same body and one finish, no ForkJoinTask state. */
        final void runOnce() {
            try {
                body();
            } catch (Throwable e) {
                failure = e;
            } finally {
                if (FINISHED.compareAndSet(this, false, true)) {
                    finish();
                }
            }
        }

        /** Whether the running thread is not the one that forked this run. */
        boolean stolen() {
            return false;
        }

        /** After a run has finished and told its waiter. */
        void afterExec(boolean stolen) {
        }

        /**
         * A pool shutting down cancels the tasks still queued; these count down too. Only the pool
         * can cancel them (the tasks are private), and only before they ran: never twice.
         */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && FINISHED.compareAndSet(this, false, true)) {
                try {
                    failure = new CancellationException("the pool was shut down before a part could run");
                } finally {
                    finish();
                }
            }
            return cancelled;
        }

        @Override
        public final Void getRawResult() {
            return null;
        }

        @Override
        protected final void setRawResult(Void value) {
        }
    }

    /** A thread's share of a region: its own part, then parts not yet taken until none is left. */
    @SuppressWarnings("serial")
    private final class Helper extends Reusable implements Runnable {
        private final int own;
        /** The {@link Team} slot this run was handed to; −1: forked instead. */
        int slot = -1;

        Helper(int own) {
            this.own = own;
        }

        /** This run was handed to a waiting worker rather than forked. */
        boolean handedOver() {
            return slot >= 0;
        }

        @Override
        void body() {
            takeParts(own);
        }

        @Override
        void finish() {
            partDone();
        }

        /** Forked, and stolen by a worker: which then waits for the next region's helpers a while. */
        @Override
        void afterExec(boolean stolen) {
            if (stolen) {
                team.serve();
            }
        }

        /** The run of a helper handed to a waiting worker ({@link Team#serve}). */
        @Override
        public void run() {
            runOnce();
        }

        @Override
        boolean stolen() {
            return Thread.currentThread() != waiter;
        }
    }

    @SuppressWarnings("serial")
    private final class Entry extends Reusable {
        @Override
        void body() {
            failure = runParts();
        }

        @Override
        void finish() {
            entryDone = true;
            LockSupport.unpark(externalWaiter);
        }
    }
}
