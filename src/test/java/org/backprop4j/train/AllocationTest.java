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
    private static long allocatedBytes() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            java.lang.reflect.Method m = Class.forName("com.sun.management.ThreadMXBean")
                    .getMethod("getThreadAllocatedBytes", long.class);
            return (Long) m.invoke(bean, Thread.currentThread().getId());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void trainingStepsAllocateNothingOnTheCallingThread() {
        Random r = new Random(1);
        int rows = 64 * 200;
        float[] x = new float[rows * 20];
        int[] y = new int[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
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

        // On a pool each step is a parallel region: the caller allocates the task that enters the
        // pool (about 32 B) and the pool's submission bookkeeping, together about 70 B per step
        // measured (13-14 KB per 200 steps, JDK 17 and 25); the workers allocate the fork tasks.
        long pooled = steadyStateBytesPerFit(model, x, y, options.threads(2));
        System.out.println("200-step fit on 2 threads: " + pooled + " bytes on the calling thread");
        assertThat(pooled).as("bytes allocated on the caller by a 2-thread fit").isLessThan(30_000);
    }

    /** The fewest bytes one fit allocated on this thread, over fits until it is below 2 KB (at most 100). */
    private static long steadyStateBytesPerFit(Sequential model, float[] x, int[] y, FitOptions options) {
        allocatedBytes(); // resolve the reflective calls once
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < 100 && fewest >= 2_000; i++) {
            long before = allocatedBytes();
            model.fit(x, y, options);
            fewest = Math.min(fewest, allocatedBytes() - before);
        }
        return fewest;
    }
}
