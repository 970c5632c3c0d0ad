package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class LanesTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    @Test
    void lanesAreSummedAsAPairwiseTreeOfHalves() {
        assumeTrue(Integer.bitCount(L) == 1, "a power-of-two vector length");
        // 1e8 in lane 0 and -1e8 in lane L/2 cancel in the tree's first step, so all L - 2 ones
        // survive; summed in lane order the ones after 1e8 are lost to rounding (L/2 - 1 remain),
        // and other trees give other results.
        float[] lanes = new float[L];
        java.util.Arrays.fill(lanes, 1f);
        lanes[0] = 1e8f;
        lanes[L / 2] = -1e8f;
        FloatVector v = FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, lanes, 0);

        assertThat(Lanes.sum(v, Lanes.scratch())).isEqualTo(L - 2f);
    }
}
