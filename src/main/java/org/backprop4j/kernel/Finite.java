package org.backprop4j.kernel;

/**
 * Finiteness scans of input data: a pass of plain arithmetic, the per-element test only to name
 * the culprit.
 *
 * <p>Scalar on purpose. fit scans its inputs once a call, and most programs call it once, so the
 * scan runs before the JIT has compiled it. A Vector API loop run that way is interpreted or
 * C1-compiled, where every vector op runs the API's Java fallback on new objects. ScanBench (Zen
 * 5, JDK 25), first call in a fresh JVM: 318 ms for 25.7 MB and 505–532 ms for 188 MB with the
 * vector loop that was here, 7–8 ms and 18–19 ms with this one. Warm, this one is slower: 0.96 ms
 * against 0.71–0.73 ms, and 7.6 ms against 6.2–6.5 ms.
 */
public final class Finite {
    /** Floats summed between checks: 16 KB, so the culprit's chunk is rescanned from L1/L2. */
    private static final int CHUNK = 4096;

    private Finite() {
    }

    /** The index of the first NaN or ±Inf in v[off, off + len), or −1 when all are finite. */
    public static int firstNonFinite(float[] v, int off, int len) {
        int end = off + len;
        for (int c0 = off, c1; c0 < end; c0 = c1) {
            c1 = c0 + Math.min(CHUNK, end - c0); // not min(end, c0 + CHUNK): that overflows near 2^31
            // x·0 is ±0 for finite x and NaN for NaN/±Inf; a NaN anywhere makes its sum NaN.
            // Eight sums hide the adds' latency.
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
            int i = c0;
            for (; i <= c1 - 8; i += 8) {
                s0 += v[i] * 0f;
                s1 += v[i + 1] * 0f;
                s2 += v[i + 2] * 0f;
                s3 += v[i + 3] * 0f;
                s4 += v[i + 4] * 0f;
                s5 += v[i + 5] * 0f;
                s6 += v[i + 6] * 0f;
                s7 += v[i + 7] * 0f;
            }
            for (; i < c1; i++) {
                s0 += v[i] * 0f;
            }
            if (Float.isNaN(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7)) {
                for (int j = c0; j < c1; j++) {
                    if (!Float.isFinite(v[j])) {
                        return j;
                    }
                }
            }
        }
        return -1;
    }
}
