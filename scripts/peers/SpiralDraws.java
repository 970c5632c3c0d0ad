import java.io.PrintWriter;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Spirals;

/**
 * The 25 data draws of {@code SpiralConvergenceTest}'s binary spiral task (train seeds 1–25,
 * validation seeds 101–125), written as CSV rows {@code seed,x,y,label} for
 * {@code torch_spiral_draws.py}; the test itself prints this engine's accuracies on them.
 * <pre>
 *   mvn -q compile
 *   java --add-modules jdk.incubator.vector -cp target/classes \
 *       scripts/peers/SpiralDraws.java /tmp/spirals.csv
 *   python3 scripts/peers/torch_spiral_draws.py /tmp/spirals.csv
 * </pre>
 */
public class SpiralDraws {
    public static void main(String[] args) throws Exception {
        int draws = 25;
        try (PrintWriter out = new PrintWriter(args[0])) {
            for (int i = 1; i <= draws; i++) {
                for (int seed : new int[] {i, 100 + i}) {
                    Dataset d = Spirals.spiral(100, 2, seed);
                    float[] x = d.featureData();
                    int[] y = d.labels();
                    for (int r = 0; r < y.length; r++) {
                        out.println(seed + "," + x[2 * r] + "," + x[2 * r + 1] + "," + y[r]);
                    }
                }
            }
        }
    }
}
