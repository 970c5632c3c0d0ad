package org.backprop4j.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed set of fused GEMM calls, one per epilogue, whose C bits {@link GemmJitDeterminismTest}
 * compares between JVMs in different execution modes. Also a main class, run in a child JVM:
 * prints the raw bits of every result, one hex int per line.
 */
public final class GemmEpilogueProbe {
    private GemmEpilogueProbe() {
    }

    /** The names of the runs, in the order {@link #run()} returns them. */
    static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Activation act : Activation.values()) {
            out.add(act + " + bias");
        }
        for (Activation act : Activation.values()) {
            out.add(act + " + bias, unpacked rows (k <= SMALL_K)");
        }
        for (Activation act : Activation.values()) {
            out.add(act + ", single-output dot products");
        }
        return out;
    }

    /** One C per epilogue: 40×70 from k = 9, values spread over about [-6, 6] before the epilogue. */
    static List<float[]> run() {
        GemmCase g = GemmCase.padded(false, true, 40, 70, 9, 2.5f, 0f, 2024);
        float[] bias = new float[g.n()];
        for (int j = 0; j < bias.length; j++) {
            bias[j] = j * 0.03f - 1f;
        }
        List<float[]> out = new ArrayList<>();
        for (Activation act : Activation.values()) {
            GemmOperands ops = GemmOperands.random(g);
            ops.sgemm(Epilogue.of(bias, 0, act, 0.1f), null);
            out.add(ops.c);
        }
        GemmCase rows = GemmCase.padded(false, false, 40, 70, 9, 2.5f, 0f, 2025);
        for (Activation act : Activation.values()) {
            GemmOperands ops = GemmOperands.random(rows);
            ops.sgemm(Epilogue.of(bias, 0, act, 0.1f), null);
            out.add(ops.c);
        }
        // k = 70: whole vectors summed across lanes (Lanes.sum), then a scalar tail
        java.util.Random rnd = new java.util.Random(2026);
        int n = 40;
        int k = 70;
        float[] x = new float[n * k];
        float[] w = new float[k];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < k; i++) {
            w[i] = (float) rnd.nextGaussian() * 0.3f;
        }
        for (Activation act : Activation.values()) {
            float[] y = new float[n];
            SingleOutput.forward(x, 0, w, 0, 0.25f, y, 0, n, k, act, 0.1f);
            out.add(y);
        }
        return out;
    }

    public static void main(String[] args) {
        StringBuilder sb = new StringBuilder();
        for (float[] c : run()) {
            for (float v : c) {
                sb.append(Integer.toHexString(Float.floatToRawIntBits(v))).append('\n');
            }
            sb.append("end\n");
        }
        System.out.print(sb);
    }
}
