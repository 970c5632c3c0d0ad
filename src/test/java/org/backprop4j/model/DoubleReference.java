package org.backprop4j.model;

import java.util.List;

/**
 * An independent double-precision re-implementation of a network's forward pass, loss and
 * regularisation penalty, written from the formulas (not from the engine's code) for
 * finite-difference gradient checks. Dropout layers are identity (checks run them at rate 0).
 */
final class DoubleReference {
    private DoubleReference() {
    }

    /** Mean data loss over rows + regularisation penalty, for parameters p (the engine's layout). */
    static double loss(List<Layer> layers, double[] p, double[] x, int rows, int[] labels, double[] t, Loss loss) {
        double[] y = forward(layers, p, x, rows);
        int cols = y.length / rows;
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                double yi = y[r * cols + j];
                double ti = labels != null ? (labels[r] == j ? 1 : 0) : t[r * cols + j];
                switch (loss.kind()) {
                    case MEAN_SQUARED_ERROR -> sum += (yi - ti) * (yi - ti) / cols;
                    case BINARY_CROSS_ENTROPY -> {
                        double c = Math.min(Math.max(yi, 1e-7), 1 - 1e-7);
                        sum -= (ti * Math.log(c) + (1 - ti) * Math.log(1 - c)) / cols;
                    }
                    case CATEGORICAL_CROSS_ENTROPY -> {
                        if (ti != 0) {
                            sum -= ti * Math.log(Math.max(yi, 1e-7));
                        }
                    }
                }
            }
        }
        return loss.scale() * sum / rows + penalty(layers, p);
    }

    static double[] forward(List<Layer> layers, double[] p, double[] x, int rows) {
        int offset = 0;
        double[] a = x;
        for (Layer l : layers) {
            if (l instanceof Dense d) {
                int in = d.inputs();
                int out = d.outputs();
                double[] z = new double[rows * out];
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < out; j++) {
                        double s = p[offset + in * out + j];
                        for (int k = 0; k < in; k++) {
                            s += a[r * in + k] * p[offset + k * out + j];
                        }
                        z[r * out + j] = s;
                    }
                }
                offset += d.parameterCount();
                a = z;
            } else if (l instanceof ActivationLayer act) {
                a = activate(act, a);
            } else if (l instanceof SoftmaxLayer) {
                a = softmax(a, rows);
            } else if (l instanceof LayerNorm n) {
                a = layerNorm(a, rows, p, offset, n.features());
                offset += 2 * n.features();
            }
        }
        return a;
    }

    private static double[] activate(ActivationLayer act, double[] z) {
        double[] y = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            double v = z[i];
            y[i] = switch (act.function()) {
                case IDENTITY -> v;
                case RELU -> Math.max(v, 0);
                case LEAKY_RELU -> v > 0 ? v : act.slope() * v;
                case SIGMOID -> 1 / (1 + Math.exp(-v));
                case TANH -> Math.tanh(v);
            };
        }
        return y;
    }

    /**
     * PyTorch's nn.LayerNorm formula: (x − E[x]) / √(Var[x] + ε) · γ + β per row, Var biased
     * (divided by n), ε = 1e-5; γ at p[offset ..], β after it.
     */
    static double[] layerNorm(double[] x, int rows, double[] p, int offset, int n) {
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int j = 0; j < n; j++) {
                mean += x[r * n + j];
            }
            mean /= n;
            double var = 0;
            for (int j = 0; j < n; j++) {
                var += (x[r * n + j] - mean) * (x[r * n + j] - mean);
            }
            var /= n;
            for (int j = 0; j < n; j++) {
                y[r * n + j] = (x[r * n + j] - mean) / Math.sqrt(var + 1e-5) * p[offset + j] + p[offset + n + j];
            }
        }
        return y;
    }

    private static double[] softmax(double[] z, int rows) {
        double[] y = new double[z.length];
        int cols = z.length / rows;
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z[r * cols + j]);
            }
            double s = 0;
            for (int j = 0; j < cols; j++) {
                y[r * cols + j] = Math.exp(z[r * cols + j] - max);
                s += y[r * cols + j];
            }
            for (int j = 0; j < cols; j++) {
                y[r * cols + j] /= s;
            }
        }
        return y;
    }

    private static double penalty(List<Layer> layers, double[] p) {
        double pen = 0;
        int offset = 0;
        for (Layer l : layers) {
            if (l instanceof Dense d) {
                int nw = d.inputs() * d.outputs();
                for (int i = 0; i < d.parameterCount(); i++) {
                    double w = p[offset + i];
                    boolean weight = i < nw;
                    pen += (weight ? d.weightL1() : d.biasL1()) * Math.abs(w)
                            + (weight ? d.weightL2() : d.biasL2()) * w * w;
                }
                offset += d.parameterCount();
            } else if (l instanceof LayerNorm n) {
                offset += 2 * n.features();
            }
        }
        return pen;
    }
}
