package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Finiteness scans of input data: one vector pass, the scalar loop only to name the culprit. */
public final class Finite {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int CHUNK = 64 * 16;

    private Finite() {
    }

    /** The index of the first NaN or ±Inf in v[off, off + len), or −1 when all are finite. */
    public static int firstNonFinite(float[] v, int off, int len) {
        int end = off + len;
        for (int c0 = off; c0 < end; c0 += CHUNK) {
            int c1 = Math.min(end, c0 + CHUNK);
            // x·0 is ±0 for finite x and NaN for NaN/±Inf; a NaN anywhere makes the sum NaN
            FloatVector acc = FloatVector.zero(S);
            int i = c0;
            for (int bound = c0 + S.loopBound(c1 - c0); i < bound; i += L) {
                acc = acc.add(FloatVector.fromArray(S, v, i).mul(0f));
            }
            boolean finite = !acc.test(VectorOperators.IS_NAN).anyTrue();
            for (; i < c1 && finite; i++) {
                finite = Float.isFinite(v[i]);
            }
            if (!finite) {
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
