package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;

/** Lane helpers whose results do not depend on the JIT state. */
final class Lanes {
    private Lanes() {
    }

    /**
     * Σ lanes, in lane order. {@code reduceLanes(ADD)} may add in a tree when compiled and in
     * sequence when interpreted, which gives different bits for the same input.
     */
    static float sum(FloatVector v) {
        float s = 0f;
        for (int i = 0, n = v.length(); i < n; i++) {
            s += v.lane(i);
        }
        return s;
    }
}
