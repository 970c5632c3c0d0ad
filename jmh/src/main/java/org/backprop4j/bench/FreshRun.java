package org.backprop4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import jdk.jfr.Recording;
import org.backprop4j.kernel.Gemm;
import org.backprop4j.train.FitOptions;
import org.backprop4j.train.Sequential;

/**
 * The twin of shared/peers/torch_fair.py: a fresh model in a fresh JVM, trained epoch by epoch on
 * TrainBench's workloads, printing samples/s and the subnormal count of every epoch, so that both
 * regimes show: early (1-based epochs 2–6, the JIT warm, the model new) and late (the last four
 * epochs of a long run, where Adam's moments of parameters with zero gradients would have decayed
 * into the subnormal range). Not a JMH benchmark: one timed pass per epoch, as the PyTorch twin.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks.jar org.backprop4j.bench.FreshRun WORKLOAD THREADS EPOCHS [SHARD]</pre>
 * WORKLOAD is MLP-784 (8,192 rows, batch 128) or MLP-WIDE (4,096 rows, batch 256); SHARD the
 * rows per shard (default 0, automatic). With {@code -Dbackprop4j.profile=FILE.jfr}, the epochs
 * after the first {@value #PROFILE_AFTER} (the JIT warm) are recorded by JFR, sampling every
 * thread's stack each millisecond, and {@link ProfileSummary}'s lines follow the result: where a
 * step's time goes at this thread count, on a machine with no JDK tools.
 */
public final class FreshRun {
    /** Epochs run before a profile starts: the first ones compile the kernels. */
    static final int PROFILE_AFTER = 2;

    private FreshRun() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: FreshRun MLP-784|MLP-WIDE THREADS EPOCHS [SHARD]");
            System.exit(2);
        }
        String workload = args[0];
        int threads = Integer.parseInt(args[1]);
        int epochs = Integer.parseInt(args[2]);
        int shard = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        boolean mlp = workload.equals("MLP-784");
        if (!mlp && !workload.equals("MLP-WIDE")) {
            System.err.println("unknown workload " + workload);
            System.exit(2);
        }
        int rows = mlp ? 8192 : 4096;
        int cols = mlp ? 784 : 1024;
        float[] x = mlp ? Models.uniform01(rows, cols, 1) : Models.gaussian(rows, cols, 3);
        int[] y = Models.teacherLabels(x, rows, cols, 10, mlp ? 2 : 4);
        Sequential model = mlp ? Models.mlp784() : Models.wide();
        ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
        double[] sps = new double[epochs];
        String profile = System.getProperty("backprop4j.profile");
        Recording recording = null;
        for (int e = 0; e < epochs; e++) {
            if (profile != null && e == Math.min(PROFILE_AFTER, epochs - 1)) {
                recording = new Recording();
                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
                recording.start();
            }
            FitOptions options = FitOptions.epochs(1).batchSize(mlp ? 128 : 256).shuffle(e).shardSize(shard);
            if (pool != null) {
                options = options.pool(pool);
            }
            long t0 = System.nanoTime();
            double loss = model.fit(x, y, options).loss(0);
            double seconds = (System.nanoTime() - t0) / 1e9;
            sps[e] = rows / seconds;
            int subParams = subnormals(model.parameters());
            int subState = subnormals(model.optimizer().state());
            System.out.printf(Locale.ROOT, "EPOCH engine=backprop4j workload=%s threads=%d epoch=%d sps=%.0f loss=%.4e "
                    + "subnormal_params=%d subnormal_state=%d%n", workload, threads, e + 1, sps[e], loss, subParams, subState);
        }
        if (recording != null) {
            recording.stop();
            recording.dump(Path.of(profile));
            recording.close();
        }
        if (pool != null) {
            pool.shutdown();
        }
        System.out.printf(Locale.ROOT, "RESULT engine=backprop4j workload=%s threads=%d early=%.0f late=%.0f epochs=%d rows=%d "
                + "shard=%d gemm=\"%s\" java=%s%n", workload, threads, median(sps, 1, Math.min(6, epochs)),
                median(sps, Math.max(0, epochs - 4), epochs), epochs, rows, shard, Gemm.configuration(),
                Runtime.version());
        if (recording != null) {
            ProfileSummary.main(new String[] {profile});
        }
    }

    private static int subnormals(float[] a) {
        int n = 0;
        for (float v : a) {
            n += v != 0f && Math.abs(v) < Float.MIN_NORMAL ? 1 : 0;
        }
        return n;
    }

    /** Median of a[from, to), as Python's statistics.median. */
    private static double median(double[] a, int from, int to) {
        if (to <= from) {
            return Double.NaN;
        }
        double[] s = Arrays.copyOfRange(a, from, to);
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
