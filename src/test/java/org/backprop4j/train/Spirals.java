package org.backprop4j.train;

import java.util.Random;

/**
 * Test-local twin of nnfs's {@code spiral_data(samples, classes)}: class c's points lie on an arm
 * {@code r·(sin 2.5t, cos 2.5t)}, r = linspace(0, 1), t = linspace(4c, 4(c+1)) + 0.2·N(0, 1).
 * Seeded, so every run sees the same points.
 */
final class Spirals {
    final float[] x;
    final int[] y;

    private Spirals(float[] x, int[] y) {
        this.x = x;
        this.y = y;
    }

    static Spirals generate(int samples, int classes, long seed) {
        Random random = new Random(seed);
        float[] x = new float[samples * classes * 2];
        int[] y = new int[samples * classes];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < samples; i++) {
                double frac = samples == 1 ? 0 : (double) i / (samples - 1);
                double r = frac;
                double t = 4.0 * c + 4.0 * frac + random.nextGaussian() * 0.2;
                int row = c * samples + i;
                x[2 * row] = (float) (r * Math.sin(t * 2.5));
                x[2 * row + 1] = (float) (r * Math.cos(t * 2.5));
                y[row] = c;
            }
        }
        return new Spirals(x, y);
    }
}
