package org.backprop4j.spark;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers with Kryo the classes training moves through Spark's serializer (shuffled rows,
 * cached blocks, task results), for applications that set
 * {@code spark.kryo.registrationRequired=true}: add
 * {@code spark.kryo.registrator=org.backprop4j.spark.KryoClasses}. Without that setting Kryo needs
 * no registration, and Java serialization none either.
 */
public final class KryoClasses implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(Rows.Chunk.class);
        kryo.register(Rows.Piece.class);
        kryo.register(Rows.Block.class);
        kryo.register(DistributedTraining.Part.class);
        kryo.register(long[].class);
        kryo.register(long[][].class);
    }
}
