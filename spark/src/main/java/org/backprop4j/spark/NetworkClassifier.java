package org.backprop4j.spark;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * A Spark ML classifier that trains a backprop4j network: Dense layers of the sizes
 * {@link #setLayers} gives, the hidden activation after each hidden one, a softmax output, and
 * categorical cross-entropy. Features are an ML {@code Vector} column, labels the class indices
 * 0 … classes − 1 (a double column, as MLlib's classifiers take them).
 *
 * <pre>{@code
 * NetworkClassificationModel model = new NetworkClassifier()
 *         .setLayers(784, 256, 128, 10).setEpochs(2).setBatchSize(128)
 *         .fit(train);                      // a DataFrame with "features" and "label"
 * model.transform(test).select("prediction").show();
 * }</pre>
 *
 * <p>How training runs on the cluster, and its two strategies: see the module's README section
 * and {@link NetworkTrainingParams#setStrategy}. Executors need the Vector API:
 * {@code spark.executor.extraJavaOptions=--add-modules jdk.incubator.vector}, and so does the driver.
 */
public final class NetworkClassifier
        extends ProbabilisticClassifier<Vector, NetworkClassifier, NetworkClassificationModel>
        implements NetworkTrainingParams<NetworkClassifier>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private String uid; // no initializer: uid() sets it while the superclass is being built
    private final TrainingParamSet params;

    public NetworkClassifier() {
        this(null);
    }

    public NetworkClassifier(String uid) {
        this(Uids.pending(uid, "backprop4jClassifier"));
    }

    private NetworkClassifier(Object pendingUid) {
        uid();
        params = new TrainingParamSet(this);
        params.setDefaults(this);
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.take();
        }
        return uid;
    }

    @Override
    public TrainingParamSet trainingParams() {
        return params;
    }

    @Override
    public NetworkClassificationModel train(Dataset<?> dataset) {
        NetworkSpec spec = NetworkSpec.of(this, true);
        DistributedTraining.Result result = DistributedTraining.train(dataset, getFeaturesCol(), getLabelCol(), spec,
                this);
        NetworkClassificationModel model = new NetworkClassificationModel(uid(), Models.bytes(result.model()),
                result.loss(), result.accuracy());
        return copyValues(model.setParent(this), extractParamMap());
    }

    @Override
    public NetworkClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<NetworkClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static NetworkClassifier load(String path) {
        return read().load(path);
    }
}
