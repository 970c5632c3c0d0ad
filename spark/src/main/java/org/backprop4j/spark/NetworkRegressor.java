package org.backprop4j.spark;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * A Spark ML regressor that trains a backprop4j network: Dense layers of the sizes
 * {@link #setLayers} gives (the last one 1), the hidden activation after each hidden one, a
 * linear output, and mean squared error. Features are an ML {@code Vector} column, the label a
 * numeric column. Training runs as {@link NetworkClassifier}'s does.
 */
public final class NetworkRegressor extends Regressor<Vector, NetworkRegressor, NetworkRegressionModel>
        implements NetworkTrainingParams<NetworkRegressor>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private String uid; // no initializer: uid() sets it while the superclass is being built
    private final TrainingParamSet params;

    public NetworkRegressor() {
        this(null);
    }

    public NetworkRegressor(String uid) {
        this(Uids.pending(uid, "backprop4jRegressor"));
    }

    private NetworkRegressor(Object pendingUid) {
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
    public NetworkRegressionModel train(Dataset<?> dataset) {
        NetworkSpec spec = NetworkSpec.of(this, false);
        DistributedTraining.Result result = DistributedTraining.train(dataset, getFeaturesCol(), getLabelCol(), spec,
                this);
        NetworkRegressionModel model = new NetworkRegressionModel(uid(), Models.bytes(result.model()), result.loss());
        return copyValues(model.setParent(this), extractParamMap());
    }

    @Override
    public NetworkRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<NetworkRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static NetworkRegressor load(String path) {
        return read().load(path);
    }
}
