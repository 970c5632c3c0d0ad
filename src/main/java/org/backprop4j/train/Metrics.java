package org.backprop4j.train;

/** Accuracy counting: binary (one output, threshold 0.5) or categorical (argmax). */
final class Metrics {
    private Metrics() {
    }

    /**
     * y: rows×cols outputs; targets from row {@code off}: class labels, or rows×cols values.
     * Returns how many rows are right.
     */
    static int correct(float[] y, int rows, int cols, int[] labels, float[] targets, int off) {
        int right = 0;
        for (int r = 0; r < rows; r++) {
            int yr = r * cols;
            boolean ok;
            if (cols == 1) {
                boolean predicted = y[yr] > 0.5f;
                ok = labels != null ? predicted == (labels[off + r] == 1) : predicted == (targets[off + r] > 0.5f);
            } else {
                int predicted = argmax(y, yr, cols);
                ok = labels != null ? predicted == labels[off + r] : predicted == argmax(targets, (off + r) * cols, cols);
            }
            if (ok) {
                right++;
            }
        }
        return right;
    }

    static int argmax(float[] v, int off, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (v[off + j] > v[off + best]) {
                best = j;
            }
        }
        return best;
    }
}
