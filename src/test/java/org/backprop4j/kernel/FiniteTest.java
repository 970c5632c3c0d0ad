package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiniteTest {

    @Test
    void findsTheFirstNanOrInfinityAtAnyPositionAndIgnoresTheRestOfTheArray() {
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int len : new int[] {1, 7, 8, 9, 15, 16, 17, 1023, 1024, 1025, 4095, 4096, 4097, 8199}) {
            float[] v = new float[len + 2];
            for (int i = 0; i < v.length; i++) {
                v[i] = i % 3 == 0 ? -Float.MAX_VALUE : i * 1.5f;
            }
            v[0] = Float.NaN; // outside [1, 1 + len)
            v[len + 1] = Float.NaN;
            assertThat(Finite.firstNonFinite(v, 1, len)).as("len %d", len).isEqualTo(-1);
            for (int at = 1; at <= len; at += Math.max(1, len / 40)) {
                for (float b : bad) {
                    float[] w = v.clone();
                    w[at] = b;
                    if (at + 1 <= len) {
                        w[len] = Float.NaN; // a later one does not hide the first
                    }
                    assertThat(Finite.firstNonFinite(w, 1, len)).as("len %d, %s at %d", len, b, at).isEqualTo(at);
                }
            }
        }
    }
}
