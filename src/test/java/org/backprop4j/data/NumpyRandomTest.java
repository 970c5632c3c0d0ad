package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * numpy's legacy generator, bit for bit. Every expected value was printed by numpy 1.24 (Debian's
 * python3-numpy) on this project's machine; doubles are compared exactly.
 */
class NumpyRandomTest {

    @Test
    void randMatchesNumpy() {
        NumpyRandom r = new NumpyRandom(0); // np.random.seed(0); np.random.rand(3)
        assertThat(r.nextDouble()).isEqualTo(0.5488135039273248);
        assertThat(r.nextDouble()).isEqualTo(0.7151893663724195);
        assertThat(r.nextDouble()).isEqualTo(0.6027633760716439);
    }

    @Test
    void randnMatchesNumpyIncludingItsCachedSecondValue() {
        NumpyRandom r = new NumpyRandom(0); // np.random.seed(0); np.random.randn(5)
        double[] expected = {1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458,
                1.8675579901499675};
        for (double e : expected) {
            assertThat(r.nextGaussian()).isEqualTo(e);
        }
    }

    @Test
    void streamsCrossTheStateRegenerationAndTheSeedRange() {
        NumpyRandom a = new NumpyRandom(12345); // np.random.rand(1000)[999]: 2000 words, past 624
        double last = 0;
        for (int i = 0; i < 1000; i++) {
            last = a.nextDouble();
        }
        assertThat(last).isEqualTo(0.30860519994571);
        NumpyRandom b = new NumpyRandom(4294967295L); // np.random.randn(2001)[2000]
        double g = 0;
        for (int i = 0; i < 2001; i++) {
            g = b.nextGaussian();
        }
        assertThat(g).isEqualTo(-0.6381570355087288);
    }

    @Test
    void theNnfsBooksDataAndInitialWeightsAreReproducedExactly() {
        // nnfs.init(); X, y = spiral_data(100, 2); Layer_Dense(2, 64); Layer_Dense(64, 1);
        // X_test, y_test = spiral_data(100, 2): CRC-32 of each float32 array's little-endian bytes.
        Spirals.NnfsDraw book = Spirals.nnfs(100, 2, 0, 2, 64, 1);

        assertThat(book.train().feature(1, 0)).isEqualTo(0.00299556f, org.assertj.core.data.Offset.offset(5e-9f));
        assertThat(crc32(book.train().featureData())).isEqualTo(0x1be5508fL);
        assertThat(book.weights()).hasSize(2);
        assertThat(crc32(book.weights().get(0))).isEqualTo(0xfba38987L);
        assertThat(crc32(book.weights().get(1))).isEqualTo(0x6f6bef8bL);
        assertThat(crc32(book.test().featureData())).isEqualTo(0x40b3ac7fL);
        assertThat(book.test().label(150)).isEqualTo(1);
        // the test set alone, skipping the 2·64 + 64 weight draws
        assertThat(Spirals.nnfsTestSet(100, 2, 0, 192).featureData()).isEqualTo(book.test().featureData());
        // the draw hands out copies: changing one leaves the draw as drawn
        book.weights().get(0)[0] = 42f;
        assertThat(crc32(book.weights().get(0))).isEqualTo(0xfba38987L);
    }

    @Test
    void seedsOutsideNumpysRangeAreRejected() {
        assertThatThrownBy(() -> new NumpyRandom(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 2^32)").hasMessageContaining("-1");
        assertThatThrownBy(() -> new NumpyRandom(1L << 32)).isInstanceOf(IllegalArgumentException.class);
    }

    private static long crc32(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
