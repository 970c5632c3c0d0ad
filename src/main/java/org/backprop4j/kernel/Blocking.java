package org.backprop4j.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * GEMM block sizes, in one place, chosen when the class loads from the vector length and this
 * CPU's L2 size (read from Linux sysfs; 512 KiB assumed where it cannot be read).
 *
 * <ul>
 *   <li>MR×NR register tile, 2 vectors wide: 6 rows (12 accumulators) with 512-bit vectors and 32
 *       registers, measured best of 4/5/6/8 rows on Zen 4; 5 rows (10 accumulators) with 256-bit
 *       AVX2 and 16 registers, where 12 accumulators make C2 spill (shared/DESIGN-NOTES.md).</li>
 *   <li>KC = 1024: the K depth of one packed block. Deep blocks mean C is read and written once
 *       per 1024 steps of K instead of every 256; on Zen 4 (1 MiB L2) 1024 beat 256 and 512 on
 *       every shape measured (square 512/1024, the MLP products), e.g. n=1024 at 104 vs 91
 *       GFLOP/s. The MLP layers (K ≤ 1024) then take a single pass.</li>
 *   <li>MC: rows of A per block (read in place, not packed), sized so MC×KC fills half of L2.</li>
 *   <li>NC: columns of B per packed block (KC×NC lives in L3).</li>
 * </ul>
 * KC and MC can be overridden with system properties {@code backprop4j.gemm.kc} and
 * {@code backprop4j.gemm.mc}, for tuning experiments.
 */
final class Blocking {
    private Blocking() {
    }

    private static final int LANES = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    static final int MR = LANES >= 16 ? 6 : 5;
    static final int NR = 2 * LANES;
    static final int KC = Integer.getInteger("backprop4j.gemm.kc", 1024);
    static final int MC = Integer.getInteger("backprop4j.gemm.mc",
            Math.max(MR, (int) (l2Bytes() / 2 / (KC * 4L)) / MR * MR));
    static final int NC = NR * 128;

    /** Per-core L2 size in bytes from sysfs, or 512 KiB when it cannot be read. */
    static long l2Bytes() {
        Path dir = Path.of("/sys/devices/system/cpu/cpu0/cache");
        for (int i = 0; i < 8; i++) {
            Path index = dir.resolve("index" + i);
            try {
                if (Files.readString(index.resolve("level")).trim().equals("2")) {
                    return parseSize(Files.readString(index.resolve("size")).trim());
                }
            } catch (IOException | RuntimeException e) {
                // absent or unreadable: try the next index, then fall back
            }
        }
        return 512 * 1024;
    }

    /** "1024K" → 1048576; "2M" → 2097152. */
    static long parseSize(String s) {
        char unit = s.charAt(s.length() - 1);
        long scale = unit == 'K' ? 1024 : unit == 'M' ? 1024 * 1024 : 1;
        String digits = Character.isDigit(unit) ? s : s.substring(0, s.length() - 1);
        return Long.parseLong(digits) * scale;
    }
}
