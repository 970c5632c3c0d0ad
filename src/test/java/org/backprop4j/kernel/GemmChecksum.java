package org.backprop4j.kernel;

import java.util.Random;
import java.util.zip.CRC32;

/**
 * Run in a child JVM by {@link GemmConfigurationsTest}: prints the configuration in use and a
 * CRC of the bits of C over products that cross every block edge, all four transposes, alpha and
 * beta, on one thread and on a pool of 16 (grids of slices).
 */
public final class GemmChecksum {
    private GemmChecksum() {
    }

    public static void main(String[] args) {
        int[][] shapes = {{1, 1, 1}, {7, 33, 17}, {17, 255, 3}, {300, 40, 1025}, {33, 70, 2049}, {5, 4100, 9},
            {129, 257, 31}, {1000, 3, 5}, {300, 260, 420}}; // the last: 65 MFLOP, a 2-D grid on 16 threads
        CRC32 crc = new CRC32();
        var pool = new java.util.concurrent.ForkJoinPool(16);
        Random r = new Random(11);
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                int m = s[0];
                int n = s[1];
                int k = s[2];
                float[] a = random(r, m * k);
                float[] b = random(r, k * n);
                float[] c0 = random(r, m * n);
                for (float beta : new float[] {0f, 1.5f}) {
                    float[] c = c0.clone();
                    Gemm.sgemm(ta, tb, m, n, k, -0.75f, a, 0, ta ? m : k, b, 0, tb ? k : n, beta, c, 0, n);
                    float[] cp = c0.clone();
                    Gemm.sgemm(ta, tb, m, n, k, -0.75f, a, 0, ta ? m : k, b, 0, tb ? k : n, beta, cp, 0, n,
                            Epilogue.NONE, pool);
                    for (int i = 0; i < c.length; i++) {
                        if (Float.floatToRawIntBits(c[i]) != Float.floatToRawIntBits(cp[i])) {
                            System.out.println("POOL DIFFERS at " + i + " for " + m + "x" + n + "x" + k);
                            System.exit(1);
                        }
                        int bits = Float.floatToRawIntBits(c[i]);
                        crc.update(new byte[] {(byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)});
                    }
                }
            }
        }
        pool.shutdown();
        System.out.println(Gemm.configuration());
        System.out.println("crc " + Long.toHexString(crc.getValue()));
    }

    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        return x;
    }
}
