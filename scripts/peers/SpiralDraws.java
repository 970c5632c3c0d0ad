import java.io.PrintWriter;
import java.util.Arrays;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Spirals;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Adam;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Initializer;
import org.backprop4j.model.Loss;
import org.backprop4j.train.FitOptions;
import org.backprop4j.train.History;
import org.backprop4j.train.Sequential;

/**
 * The binary spiral task of {@code SpiralConvergenceTest} on its 25 data draws: writes the draws
 * (train seeds 1–25, validation seeds 101–125) as CSV rows {@code seed,x,y,label} for
 * {@code torch_spiral_draws.py}, then trains this engine on each and prints the accuracies.
 * <pre>
 *   mvn -q compile
 *   java --add-modules jdk.incubator.vector [-XX:MaxVectorSize=32] -cp target/classes \
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
        double[] train = new double[draws];
        double[] validation = new double[draws];
        for (int i = 0; i < draws; i++) {
            Dataset data = Spirals.spiral(100, 2, i + 1);
            Dataset fresh = Spirals.spiral(100, 2, 101 + i);
            var model = Sequential.of(new Dense(2, 64).weightL2(5e-4f).biasL2(5e-4f)
                            .initializer(Initializer.normal(0.01)), Activations.relu(),
                    new Dense(64, 1).initializer(Initializer.normal(0.01)), Activations.sigmoid());
            model.compile(Loss.binaryCrossEntropy(), new Adam(1e-3f).decay(5e-7f).epsilon(1e-7f));
            History h = model.fit(data.featureData(), data.labels(),
                    FitOptions.epochs(10_001).batchSize(200).noShuffle(0));
            train[i] = h.lastAccuracy();
            validation[i] = model.evaluate(fresh.featureData(), fresh.labels()).accuracy();
        }
        double[] t = train.clone();
        double[] v = validation.clone();
        Arrays.sort(t);
        Arrays.sort(v);
        System.out.printf("backprop4j, %d-float vectors: train median %.3f (lower quartile %.3f), validation median %.3f%n",
                jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length(), t[draws / 2], t[draws / 4], v[draws / 2]);
    }
}
