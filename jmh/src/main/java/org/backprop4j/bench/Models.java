package org.backprop4j.bench;

import java.util.SplittableRandom;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Adam;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Loss;
import org.backprop4j.train.Sequential;

/** The benchmark models of shared/peers/WORKLOADS.md, and their synthetic data. */
final class Models {
    private Models() {
    }

    /** MLP-784: 784-256 ReLU, 256-128 ReLU, 128-10 softmax + CCE, Adam(1e-3, eps 1e-7). */
    static Sequential mlp784() {
        Sequential model = Sequential.of(new Dense(784, 256), Activations.relu(),
                new Dense(256, 128), Activations.relu(), new Dense(128, 10), Activations.softmax());
        return model.compile(Loss.categoricalCrossEntropy(), new Adam(1e-3f).epsilon(1e-7f));
    }

    /** MLP-WIDE: 1024-1024 ReLU, 1024-1024 ReLU, 1024-10 softmax + CCE, Adam. */
    static Sequential wide() {
        Sequential model = Sequential.of(new Dense(1024, 1024), Activations.relu(),
                new Dense(1024, 1024), Activations.relu(), new Dense(1024, 10), Activations.softmax());
        return model.compile(Loss.categoricalCrossEntropy(), new Adam(1e-3f).epsilon(1e-7f));
    }

    /** Pixel-like inputs in [0, 1) (Fashion-MNIST's shape; speed does not depend on the values). */
    static float[] uniform01(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        return x;
    }

    /** N(0, 1) inputs, as MLP-WIDE's workload. */
    static float[] gaussian(int rows, int cols, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** Labels from a fixed random linear teacher: argmax(x·T). */
    static int[] teacherLabels(float[] x, int rows, int cols, int classes, long seed) {
        float[] t = gaussian(cols, classes, seed);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double s = 0;
                for (int j = 0; j < cols; j++) {
                    s += x[i * cols + j] * t[j * classes + c];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            labels[i] = best;
        }
        return labels;
    }
}
