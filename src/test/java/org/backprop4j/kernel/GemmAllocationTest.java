package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A single-threaded product allocates nothing once its thread's packing buffers exist and C2 has
 * compiled it, in every transpose combination: the 8×8 transposes of the packs and of the Cᵀ merge
 * keep their vectors, shuffles and masks in registers or constants (an escaping vector would be
 * boxed). Measured with the calling thread's allocation counter (JDK 14+). On JDK 17 the
 * transposes allocated, so they are used from JDK 21 on ({@link GemmDriver#VECTOR_TRANSPOSES}).
 */
class GemmAllocationTest {

    /** com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes, by reflection (the module reads no java.management). */
    static long allocatedBytes() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Method m = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
            return (Long) m.invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "transA={0} transB={1} {2}x{3}x{4}")
    @CsvSource({
        "false, false, 64, 200, 100",
        "false, true, 64, 200, 100",   // as Cᵀ where A is read in place: A transposed into panels, tiles merged transposed
        "true, false, 200, 64, 100",
        "true, true, 64, 200, 100",
        "false, true, 200, 64, 100",   // B transposed into panels
    })
    void callsAllocateNothing(boolean transA, boolean transB, int m, int n, int k) {
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) * 0.25f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (i % 5) * 0.5f;
        }
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 60 && fewest >= 2_000; round++) {
            long before = allocatedBytes();
            for (int call = 0; call < 100; call++) {
                // beta ≠ 0 and alpha ≠ 1: every tile goes through the merge, not the direct store
                Gemm.sgemm(transA, transB, m, n, k, -0.75f, a, 0, lda, b, 0, ldb, 0.5f, c, 0, n);
            }
            fewest = Math.min(fewest, allocatedBytes() - before);
        }
        // about 1.2 KB is the counter's own reflection; one boxed vector per call would be ≥ 6 KB
        assertThat(fewest).as("bytes allocated by 100 calls (%s)", Gemm.configuration()).isLessThan(2_000);
    }
}
