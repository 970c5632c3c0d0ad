package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SplitMix64Test {

    @Test
    void matchesSplittableRandomBits() {
        // Same algorithm as the JDK's SplittableRandom: the raw longs must agree.
        java.util.SplittableRandom jdk = new java.util.SplittableRandom(12345);
        SplitMix64 ours = new SplitMix64(12345);
        for (int i = 0; i < 100; i++) {
            assertThat(ours.nextLong()).isEqualTo(jdk.nextLong());
        }
    }

    @Test
    void firstOutputMatchesThePublishedSequence() {
        assertThat(new SplitMix64(1).nextLong()).isEqualTo(0x910A2DEC89025CC1L);
    }

    @Test
    void boundedIntsAreInRangeAndRoughlyUniform() {
        SplitMix64 rng = new SplitMix64(3);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[rng.nextInt(7)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_500, 10_500);
        }
    }

    @Test
    void gaussiansHaveMeanZeroAndUnitVariance() {
        SplitMix64 rng = new SplitMix64(5);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double g = rng.nextGaussian();
            sum += g;
            sumSq += g * g;
        }
        assertThat(sum / n).isCloseTo(0, within(0.01));
        assertThat(sumSq / n).isCloseTo(1, within(0.02));
    }
}
