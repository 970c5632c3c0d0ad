package org.backprop4j.spark;

import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.backprop4j.train.Sequential;

/**
 * A trained {@link NetworkRegressor}: a Transformer that adds the network's output as the
 * prediction, predicted in batches with the engine's thread-safe {@code predict}.
 * {@code write().save(path)} stores the network as a backprop4j model file at
 * {@code path/data/network.bp4j}.
 */
public final class NetworkRegressionModel extends RegressionModel<Vector, NetworkRegressionModel>
        implements MLWritable {
    private static final long serialVersionUID = 1L;

    private String uid; // no initializer: uid() sets it while the superclass is being built
    private final byte[] network;
    private final double[] trainingLoss;
    private transient Sequential model;

    NetworkRegressionModel(String uid, byte[] network, double[] trainingLoss) {
        this(Uids.pending(uid, "backprop4jRegressionModel"), network, trainingLoss);
    }

    private NetworkRegressionModel(Object pendingUid, byte[] network, double[] trainingLoss) {
        uid();
        this.network = network;
        this.trainingLoss = trainingLoss;
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

    @Override
    public int numFeatures() {
        return model().network().inputs();
    }

    /** One row's prediction ({@link #transform} batches). */
    @Override
    public double predict(Vector features) {
        return model().predict(Models.row(features, numFeatures()))[0];
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Map<String, Models.Column> columns = Map.of(getPredictionCol(), (out, off, n) -> (double) out[off]);
        return Models.transform(dataset, transformSchema(dataset.schema()), getFeaturesCol(), network, columns);
    }

    @Override
    public NetworkRegressionModel copy(ParamMap extra) {
        return copyValues(new NetworkRegressionModel(uid(), network, trainingLoss), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                Models.save(NetworkRegressionModel.this, network, path, sparkSession());
            }
        };
    }

    public static MLReader<NetworkRegressionModel> read() {
        return new MLReader<>() {
            @Override
            public NetworkRegressionModel load(String path) {
                Models.Saved saved = Models.load(path, sparkSession(), NetworkRegressionModel.class.getName());
                NetworkRegressionModel m = new NetworkRegressionModel(saved.metadata().uid(), saved.bytes(),
                        new double[0]);
                saved.metadata().getAndSetParams(m, scala.Option.empty());
                return m;
            }
        };
    }

    public static NetworkRegressionModel load(String path) {
        return read().load(path);
    }
}
