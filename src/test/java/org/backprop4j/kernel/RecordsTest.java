package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Records#with}: the copy, its checks, and what a copy costs once the record's shape is known. */
class RecordsTest {

    /** Thirteen components, as FitOptions; the canonical constructor checks one of them. */
    public record Options(int epochs, int batchSize, boolean shuffle, long seed, float[] x, int[] labels,
                          float[] targets, int threads, Object pool, int shardSize, int initialEpoch,
                          Object listener, int blocks) {
        public Options {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
        }
    }

    private static final Options DEFAULTS = new Options(1, 32, true, 0L, null, null, null, 1, null, 0, -1, null, 1);

    @Test
    void replacesOneComponentAndKeepsTheRest() {
        float[] x = {1f};
        Options o = Records.with(Records.with(DEFAULTS, "batchSize", 64), "x", x);
        assertThat(o).isEqualTo(new Options(1, 64, true, 0L, x, null, null, 1, null, 0, -1, null, 1));
        assertThat(DEFAULTS.batchSize()).isEqualTo(32);
        assertThat(Records.with(DEFAULTS, "seed", 7)).extracting(Options::seed).isEqualTo(7L); // int widened, as Method.invoke does
    }

    @Test
    void refusesAnUnknownComponentAndPassesTheConstructorsCheckOnAsIs() {
        assertThatThrownBy(() -> Records.with(DEFAULTS, "batch", 64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no component batch");
        assertThatThrownBy(() -> Records.with(DEFAULTS, "batchSize", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("batch size must be >= 1, got 0");
    }

    /**
     * Reflection on every copy (getRecordComponents, Method.invoke) cost about 15 KB a copy of a
     * 13-component record; with the shape looked up once, a copy is its array of values, the
     * boxes and the new record (under 300 B measured; the bound leaves room for the counter's own
     * reflection, about 1.2 KB).
     */
    @Test
    void aCopyAllocatesLittleOnceTheShapeIsKnown() {
        Options o = DEFAULTS;
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 20; round++) {
            long before = GemmAllocationTest.allocatedBytes();
            for (int i = 0; i < 10; i++) {
                o = Records.with(o, "batchSize", 32 + i);
            }
            fewest = Math.min(fewest, GemmAllocationTest.allocatedBytes() - before);
        }
        assertThat(fewest).as("bytes allocated by 10 copies").isLessThan(10 * 1_000);
    }
}
