package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Adam;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Dropout;
import org.backprop4j.model.Loss;
import org.junit.jupiter.api.Test;

/**
 * Steady-state training steps allocate nothing: only per-fit objects, whatever the batch count.
 * On JDK 17 too, since the kernels stopped using masked tails (JDK 17 boxed those vectors, about
 * 70 KB per step of this model, when this test was written).
 */
class AllocationTest {

    /** com.sun.management.ThreadMXBean#getThreadAllocatedBytes, by reflection: the test module does not read jdk.management. */
    static long allocatedBytes() {
        try {
            return (Long) Counter.THREAD_BYTES.invoke(Counter.BEAN, Thread.currentThread().getId());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** The bean and method, looked up once: the lookups allocate, more so right after a thread dropped its thread-locals. */
    private static final class Counter {
        static final Object BEAN;
        static final java.lang.reflect.Method THREAD_BYTES;

        static {
            try {
                BEAN = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
                THREAD_BYTES = Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    @Test
    void trainingStepsAllocateNothingOnTheCallingThread() {
        int rows = 64 * 200;
        float[] x = gaussian(new Random(1), rows * 20);
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = x[i * 20] > 0 ? 1 : 0;
        }
        var model = Sequential.of(new Dense(20, 32).weightL2(1e-4f), Activations.relu(), new Dropout(0.1f),
                new Dense(32, 3), Activations.softmax());
        model.compile(Loss.categoricalCrossEntropy(), new Adam());
        FitOptions options = FitOptions.epochs(1).batchSize(64).shardSize(32).shuffle(1)
                .listener(new TrainingListener() { });
        // per fit: History, Progress, the validated TrainingData (a few hundred bytes); 200 steps add
        // nothing. Until C2 has compiled the Vector API code its vectors are boxed, and on a busy
        // machine that takes a varying number of fits: so wait for the steady state, up to a limit.
        assertThat(steadyStateBytesPerFit(model, x, y, options))
                .as("bytes allocated by a 200-step fit in steady state").isLessThan(2_000);

        // On a pool each step runs parallel regions whose fork tasks are reused (see Parallel): the
        // same per-fit objects only (1.5 KB measured, JDK 17 and 25; 13-14 KB when every region
        // made new tasks).
        long pooled = steadyStateBytesPerFit(model, x, y, options.threads(2));
        System.out.println("200-step fit on 2 threads: " + pooled + " bytes on the calling thread");
        assertThat(pooled).as("bytes allocated on the caller by a 2-thread fit").isLessThan(2_000);
        if (Runtime.version().feature() >= 21) { // and on the pool's threads (a JVM-wide counter)
            long all = steadyStateBytesPerFit(model, x, y, options.threads(2), AllocationTest::allThreadsAllocatedBytes);
            System.out.println("200-step fit on 2 threads: " + all + " bytes on all threads");
            assertThat(all).as("bytes allocated on all threads by a 2-thread fit").isLessThan(2_000);
            // the common pool's workers drop their thread-locals whenever they go idle (JDK 19+):
            // scratch kept per thread, such as GEMM packing buffers, would be made again each time
            // (once per fit here, where the fit's loop keeps one worker busy; at every step of a
            // 2-thread common pool). So not the fewest bytes of a fit but the mean of ten.
            FitOptions onCommon = options.pool(java.util.concurrent.ForkJoinPool.commonPool());
            steadyStateBytesPerFit(model, x, y, onCommon, AllocationTest::allThreadsAllocatedBytes);
            long before = allThreadsAllocatedBytes();
            for (int i = 0; i < 10; i++) {
                model.fit(x, y, onCommon);
            }
            long common = (allThreadsAllocatedBytes() - before) / 10;
            System.out.println("200-step fit on the common pool: " + common + " bytes on all threads, mean of 10");
            assertThat(common).as("bytes allocated on all threads by a fit on the common pool, mean of 10")
                    .isLessThan(8_000);

            // predict from common-pool tasks, the worker idle between them: its result only, no
            // workspace (one per thread, 100-200 KB here, was made again after each idle spell);
            // measured on the worker itself
            float[] one = java.util.Arrays.copyOf(x, 20);
            java.util.concurrent.ForkJoinPool cp = java.util.concurrent.ForkJoinPool.commonPool();
            java.util.concurrent.Callable<Long> predictOnce = () -> {
                allocatedBytes(); // the counter's own first call after an idle spell allocates
                long b = allocatedBytes();
                model.predict(one);
                return allocatedBytes() - b;
            };
            // until C2 has compiled the batch-1 path, called as the tasks below call it: a loop
            // here got compiled with predict inlined into it, and the tasks, calling predict
            // itself, then ran code C2 had not compiled, boxing its vectors (12 KB a call, in half
            // of the fresh JDK 25 JVMs running this test alone)
            for (int call = 0; call < 10_000; call++) {
                cp.submit(predictOnce).join();
            }
            long fewest = Long.MAX_VALUE;
            for (int call = 0; call < 20; call++) {
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // the worker goes idle
                fewest = Math.min(fewest, cp.submit(predictOnce).join());
            }
            System.out.println("predict in a common-pool task after an idle spell: " + fewest + " bytes");
            assertThat(fewest).as("bytes allocated by predict in a common-pool task after an idle spell")
                    .isLessThan(10_000);
        }
    }

    /** com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes (JDK 21+), by reflection. */
    private static long allThreadsAllocatedBytes() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            java.lang.reflect.Method m = Class.forName("com.sun.management.ThreadMXBean")
                    .getMethod("getTotalThreadAllocatedBytes");
            return (Long) m.invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** The fewest bytes one fit allocated on this thread, over fits until it is below 2 KB (at most 100). */
    private static long steadyStateBytesPerFit(Sequential model, float[] x, int[] y, FitOptions options) {
        return steadyStateBytesPerFit(model, x, y, options, AllocationTest::allocatedBytes);
    }

    private static long steadyStateBytesPerFit(Sequential model, float[] x, int[] y, FitOptions options,
                                               java.util.function.LongSupplier allocated) {
        return steadyStateBytesPerFit(() -> model.fit(x, y, options), allocated);
    }

    static long steadyStateBytesPerFit(Runnable fit, java.util.function.LongSupplier allocated) {
        allocated.getAsLong(); // resolve the reflective calls once
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < 100 && fewest >= 2_000; i++) {
            long before = allocated.getAsLong();
            fit.run();
            fewest = Math.min(fewest, allocated.getAsLong() - before);
        }
        return fewest;
    }

    static float[] gaussian(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }
}
