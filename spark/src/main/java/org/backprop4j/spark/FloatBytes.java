package org.backprop4j.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Floats shipped as bytes. Each step moves the parameters to every task and a gradient back from
 * each (about 1 MB each way for MLP-784); Java serialization writes a {@code float[]} value by
 * value, several times slower than a {@code byte[]}, which it and Kryo copy in bulk. The byte
 * order is fixed, so driver and executors need not share one.
 */
final class FloatBytes {
    private FloatBytes() {
    }

    static byte[] of(float[] values) {
        byte[] bytes = new byte[Math.multiplyExact(values.length, Float.BYTES)];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        return bytes;
    }

    static float[] floats(byte[] bytes) {
        float[] values = new float[bytes.length / Float.BYTES];
        into(bytes, values);
        return values;
    }

    /** Reads {@code bytes} into {@code values}, which has room for them. */
    static void into(byte[] bytes, float[] values) {
        int n = bytes.length / Float.BYTES;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values, 0, n);
    }
}
