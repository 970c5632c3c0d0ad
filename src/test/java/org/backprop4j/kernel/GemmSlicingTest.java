package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * How a product is cut over many threads: a grid when both operands are large (a 1-D split would
 * pack one operand whole in every slice), no more slices than the work repays, and the bits of
 * the calling thread alone on a 16-thread pool.
 */
class GemmSlicingTest {

    @Test
    void largeSquareProductsSplitAsAGrid() {
        int rows = GemmDriver.rowSlices(2048, 2048, 2048, 16);
        int cols = GemmDriver.colSlices(2048, rows, 16);
        assertThat(rows * cols).isEqualTo(16);
        assertThat(rows).isGreaterThan(1);
        assertThat(cols).isGreaterThan(1);
        assertThat(GemmDriver.slicesFor(2048, 2048, 2048, 16)).isEqualTo(16);
    }

    @Test
    void smallProductsGetFewerSlicesThanThreads() {
        assertThat(GemmDriver.slicesFor(128, 128, 128, 16)).as("4.2 MFLOP: not worth a fork").isEqualTo(1);
        assertThat(GemmDriver.slicesFor(128, 128, 256, 16)).as("8.4 MFLOP: two slices of 4.2").isEqualTo(2);
        int mlp = GemmDriver.slicesFor(128, 256, 784, 16); // MLP-784's first layer, batch 128: 51 MFLOP
        assertThat(mlp).isBetween(2, 12);
        assertThat(GemmDriver.slicesFor(1000, 1000, 1000, 1)).isEqualTo(1);
    }

    @Test
    void sixteenThreadsGiveTheBitsOfOne() {
        Random r = new Random(5);
        int m = 517;
        int n = 611;
        int k = 300;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat() - 0.5f;
        }
        ForkJoinPool pool = new ForkJoinPool(16);
        try {
            assertThat(GemmDriver.slicesFor(m, n, k, 16)).isGreaterThan(4);
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                float[] alone = new float[m * n];
                float[] many = new float[m * n];
                Gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, alone, 0, n, Epilogue.NONE, null);
                new GemmWorkspace(pool).sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, many, 0, n,
                        Epilogue.NONE);
                GemmAssertions.assertSameBits("16 threads vs alone, transA " + ta + " transB " + tb, alone, many);
            }
        } finally {
            pool.shutdown();
        }
    }
}
