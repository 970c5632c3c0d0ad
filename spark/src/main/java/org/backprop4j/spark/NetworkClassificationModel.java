package org.backprop4j.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.backprop4j.train.Sequential;

/**
 * A trained {@link NetworkClassifier}: a Transformer that adds, per row, the class
 * probabilities (the network's softmax output), their logarithms as the raw prediction, and the
 * most probable class. {@link #transform} predicts in batches with the engine's thread-safe
 * {@code predict}. {@link #network()} is the plain library model; {@code write().save(path)}
 * stores it as a backprop4j model file at {@code path/data/network.bp4j}.
 */
public final class NetworkClassificationModel
        extends ProbabilisticClassificationModel<Vector, NetworkClassificationModel> implements MLWritable {
    private static final long serialVersionUID = 1L;

    private String uid; // no initializer: uid() sets it while the superclass is being built
    private final byte[] network;
    private final double[] trainingLoss;
    private final double[] trainingAccuracy;
    private transient Sequential model;

    NetworkClassificationModel(String uid, byte[] network, double[] trainingLoss, double[] trainingAccuracy) {
        this(Uids.pending(uid, "backprop4jClassificationModel"), network, trainingLoss, trainingAccuracy);
    }

    private NetworkClassificationModel(Object pendingUid, byte[] network, double[] trainingLoss,
                                       double[] trainingAccuracy) {
        uid();
        this.network = network;
        this.trainingLoss = trainingLoss;
        this.trainingAccuracy = trainingAccuracy;
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.take();
        }
        return uid;
    }

    /** The trained network, as the plain library sees it (a copy: training it changes nothing here). */
    public Sequential network() {
        return Models.decodedCopy(network);
    }

    private Sequential model() {
        if (model == null) {
            model = Models.decoded(Models.key(network), network);
        }
        return model;
    }

    /** Mean training loss per epoch (synchronous) or per round (averaging). */
    public double[] trainingLoss() {
        return trainingLoss.clone();
    }

    /** Training accuracy per epoch (synchronous) or per round (averaging). */
    public double[] trainingAccuracy() {
        return trainingAccuracy.clone();
    }

    @Override
    public int numClasses() {
        return model().network().outputs();
    }

    @Override
    public int numFeatures() {
        return model().network().inputs();
    }

    /** The log of each class's probability (one row; {@link #transform} batches). */
    @Override
    public Vector predictRaw(Vector features) {
        float[] p = model().predict(Models.row(features, numFeatures()));
        return Vectors.dense(logs(p, 0, p.length));
    }

    /** Softmax of the logs: the probabilities again. */
    @Override
    public Vector raw2probabilityInPlace(Vector raw) {
        double[] v = ((DenseVector) raw).values();
        double max = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            max = Math.max(max, d);
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(v[i] - max);
            sum += v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= sum;
        }
        return raw;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Map<String, Models.Column> columns = new LinkedHashMap<>();
        columns.put(getRawPredictionCol(), (out, off, n) -> Vectors.dense(logs(out, off, n)));
        columns.put(getProbabilityCol(), (out, off, n) -> {
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = out[off + i];
            }
            return Vectors.dense(p);
        });
        // As ProbabilisticClassificationModel predicts: the largest probability, or, with
        // thresholds (setThresholds checks their count), the largest probability / threshold (a
        // threshold of 0 wins).
        double[] thresholds = isDefined(thresholds()) ? getThresholds() : null;
        columns.put(getPredictionCol(), (out, off, n) -> {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double score = thresholds == null ? out[off + i]
                        : thresholds[i] == 0 ? Double.POSITIVE_INFINITY : out[off + i] / thresholds[i];
                if (score > bestScore) {
                    best = i;
                    bestScore = score;
                }
            }
            return (double) best;
        });
        return Models.transform(dataset, transformSchema(dataset.schema()), getFeaturesCol(), network, columns);
    }

    private static double[] logs(float[] p, int off, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.log(Math.max(p[off + i], Double.MIN_NORMAL));
        }
        return v;
    }

    /** Resolves the two generic signatures Java sees of Spark's one Scala method. */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public NetworkClassificationModel copy(ParamMap extra) {
        NetworkClassificationModel copy = new NetworkClassificationModel(uid(), network, trainingLoss, trainingAccuracy);
        return copyValues(copy, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                Models.save(NetworkClassificationModel.this, network, path, sparkSession());
            }
        };
    }

    public static MLReader<NetworkClassificationModel> read() {
        return new MLReader<>() {
            @Override
            public NetworkClassificationModel load(String path) {
                Models.Saved saved = Models.load(path, sparkSession(), NetworkClassificationModel.class.getName());
                NetworkClassificationModel m = new NetworkClassificationModel(saved.metadata().uid(), saved.bytes(),
                        new double[0], new double[0]);
                saved.metadata().getAndSetParams(m, scala.Option.empty());
                return m;
            }
        };
    }

    public static NetworkClassificationModel load(String path) {
        return read().load(path);
    }
}
