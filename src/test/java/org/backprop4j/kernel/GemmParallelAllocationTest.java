package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.junit.jupiter.api.Test;

/**
 * A parallel product allocates nothing in steady state: its packing buffers are per thread and
 * grown once, the call's arguments and fork tasks live in a per-thread {@link GemmWorkspace}. Measured
 * with the JVM-wide allocation counter of JDK 21+, so other threads count too: 100 calls allocate
 * about 1.4 KB in all, the round's own entry into the pool included (it was 15 KB while every call
 * made new fork tasks); one packing buffer would be tens of kilobytes.
 */
class GemmParallelAllocationTest {

    /** com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes (JDK 21+), by reflection. */
    private static long totalAllocatedBytes() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Method m = Class.forName("com.sun.management.ThreadMXBean").getMethod("getTotalThreadAllocatedBytes");
            return (Long) m.invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void parallelCallsAllocateNothing() {
        assumeTrue(Runtime.version().feature() >= 21, "getTotalThreadAllocatedBytes is JDK 21+");
        int n = 256; // 2·n³ = 33.5 MFLOP: above the fork threshold
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) * 0.25f;
            b[i] = (i % 5) * 0.5f;
        }
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            long fewest = Long.MAX_VALUE;
            // the first calls allocate the per-thread packing buffers; wait for C2 too
            for (int round = 0; round < 50 && fewest > 2_000; round++) {
                totalAllocatedBytes();
                long before = totalAllocatedBytes();
                // from inside the pool, as a training step calls it
                pool.invoke(ForkJoinTask.adapt(() -> {
                    for (int call = 0; call < 100; call++) {
                        Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n, Epilogue.NONE, pool);
                    }
                }));
                fewest = Math.min(fewest, totalAllocatedBytes() - before);
            }
            System.out.println("parallel sgemm: " + fewest + " bytes per 100 calls, all threads");
            assertThat(fewest).as("bytes allocated by 100 parallel calls, all threads").isLessThan(3_000);
        } finally {
            pool.shutdown();
        }
    }
}
