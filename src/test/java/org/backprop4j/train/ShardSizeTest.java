package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.backprop4j.model.Activations;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Network;
import org.junit.jupiter.api.Test;

/** The automatic shard size: from the model and batch size only (never the thread count). */
class ShardSizeTest {

    @Test
    void smallAndMidSizedModelsUseShardsOfAtLeast128RowsAndHalfTheBatch() {
        Network mlp784 = new Network(1, new Dense(784, 256), Activations.relu(), new Dense(256, 128),
                Activations.relu(), new Dense(128, 10), Activations.softmax()); // 235k parameters
        assertThat(Trainer.autoShardSize(mlp784, 128)).isEqualTo(128);
        assertThat(Trainer.autoShardSize(mlp784, 512)).isEqualTo(256);
        assertThat(Trainer.autoShardSize(mlp784, 100)).isEqualTo(100);

        Network spiral = new Network(1, new Dense(2, 64), Activations.relu(), new Dense(64, 1),
                Activations.sigmoid()); // 257 parameters: 4 MFLOP per shard needs 2,594 rows
        assertThat(Trainer.autoShardSize(spiral, 200)).isEqualTo(200);
        assertThat(Trainer.autoShardSize(spiral, 8192)).isEqualTo(4096);
    }

    @Test
    void modelsOfAMillionParametersTrainEachBatchAsOneShard() {
        Network wide = new Network(1, new Dense(1024, 1024), Activations.relu(), new Dense(1024, 1024),
                Activations.relu(), new Dense(1024, 10), Activations.softmax()); // 2.1M parameters
        assertThat(wide.parameterCount()).isGreaterThanOrEqualTo(Trainer.ONE_SHARD_PARAMETERS);
        assertThat(Trainer.autoShardSize(wide, 256)).isEqualTo(256);
        assertThat(Trainer.autoShardSize(wide, 1024)).isEqualTo(1024);
    }
}
