package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SeededRandomTest {

    @Test
    void matchesSplittableRandomBits() {
        // Same algorithm as the JDK's SplittableRandom: the raw longs must agree.
        java.util.SplittableRandom jdk = new java.util.SplittableRandom(12345);
        SeededRandom ours = new SeededRandom(12345);
        for (int i = 0; i < 100; i++) {
            assertThat(ours.nextLong()).isEqualTo(jdk.nextLong());
        }
    }

    @Test
    void firstOutputMatchesThePublishedSequence() {
        assertThat(new SeededRandom(1).nextLong()).isEqualTo(0x910A2DEC89025CC1L);
    }

    @Test
    void boundedIntsAreInRangeAndRoughlyUniform() {
        SeededRandom rng = new SeededRandom(3);
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
        SeededRandom rng = new SeededRandom(5);
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
