package org.backprop4j.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The GEMM configuration, in one place (BLIS keeps one {@code config/<arch>} per
 * microarchitecture): for each CPU family the register tile (MR rows × two vectors), whether A
 * is packed, and the depth KC of a block, each with the measurement that chose it (BENCHMARKS.md
 * has the runs); and, by vector length and JDK, how the packs transpose. Chosen when the class
 * loads, from /proc/cpuinfo's vendor and CPU family and the vector length (so every Intel CPU
 * with 512-bit vectors gets the Intel entry, measured on parts with two 512-bit FMA ports, and
 * AMD family 26 the Zen 5 entry).
 *
 * <p>For tuning experiments, system properties override an entry: {@code backprop4j.gemm.cpu}
 * (the name of another entry), {@code backprop4j.gemm.mr} (4 to 8), {@code backprop4j.gemm.packA},
 * {@code backprop4j.gemm.kc} and {@code backprop4j.gemm.mc}. The bits of a product depend on KC
 * (it splits each FMA chain), so they are the same for any thread count on one configuration,
 * not across configurations.
 */
final class Blocking {
    private Blocking() {
    }

    /**
     * One CPU family's choices.
     *
     * @param mr     rows of the register tile; the tile holds 2·MR accumulators
     * @param packA  pack every panel of A (constant strides, bounds checks hoisted) rather than
     *               read full panels in place
     * @param kc     depth of a packed block: C is read and written once per KC steps of k
     * @param l2     per-core L2 bytes, used when Linux does not say (MC×KC fills half of it)
     */
    record Entry(String name, int mr, boolean packA, int kc, long l2) {
    }

    /**
     * Intel cores with AVX-512 and two 512-bit FMA ports (Sapphire and Emerald Rapids): every A
     * panel packed. The likely reason it wins there: read in place through a runtime stride, A
     * costs a bounds check per broadcast, scalar work that Intel runs on the same two ports as the
     * FMAs (Zen's integer units are separate); not verified with a profile. From the
     * sweep on the 16-core Xeon (BENCHMARKS.md, "Intel and 16 cores", n = 1024, one thread, one
     * fork each): MR 8, A packed, KC 1024 107.7 GFLOP/s; A in place 83.3; MR 6 74.9, MR 7 79.6;
     * KC 256 72.0, KC 512 91.1; the AMD entry 78.9. Single forks on a noisy host: a ranking, not
     * a precise figure (a later run gave this entry 79.4 and the AMD entry 87.6 ± 51.6).
     */
    static final Entry INTEL_AVX512 = new Entry("intel-avx512", 8, true, 1024, 2L << 20);

    /**
     * AMD Zen 4 (AVX-512 on 256-bit pipes, 32 registers), and any other AMD core with 512-bit
     * vectors but Zen 5: 6 rows (12 accumulators) measured best of 4/5/6/8 on Zen 4; KC = 1024
     * beat 256 and 512 on every shape there (n = 1024: 104 against 91 GFLOP/s); A read in place,
     * since packing it measured slower on every shape.
     */
    static final Entry AMD_AVX512 = new Entry("amd-avx512", 6, false, 1024, 1L << 20);

    /**
     * AMD Zen 5 (family 26; a full 512-bit datapath, PeakBench 204–216 GFLOP/s a core): Intel's
     * choices, MR 8 with every A panel packed (8×8 vector transposes since the eighth session),
     * KC 1024. n = 1024, one thread, JDK 25, 3 forks × 5 iterations each, same window
     * (BENCHMARKS.md, "Zen 5, eighth session"): this entry 185.0 ± 5.1 and 184.0 ± 3.9 GFLOP/s,
     * every fork 180–190; the Zen 4 entry 154.0 ± 40.7 and 179.3 ± 4.6, with forks stuck at
     * 100–125 (A read in place through a runtime stride: a bounds check per broadcast, and
     * C2's bimodal code); MR 8 with A in place 162.9 ± 27.1; this entry with KC 512 174.2 ± 14.0,
     * KC 384 168.2 ± 4.1, KC 256 163.6 ± 6.9, MR 6 (scalar packs) 163.0 ± 13.5.
     */
    static final Entry AMD_ZEN5 = new Entry("amd-zen5", 8, true, 1024, 1L << 20);

    /**
     * 256-bit AVX2 with 16 registers (Zen 2, older Intel): 5 rows, 10 accumulators; 12 make C2
     * spill (shared/DESIGN-NOTES.md).
     */
    static final Entry AVX2 = new Entry("avx2", 5, false, 1024, 512L << 10);

    private static final Entry[] ENTRIES = {INTEL_AVX512, AMD_ZEN5, AMD_AVX512, AVX2};

    private static final int LANES = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    static final Entry ENTRY = withOverrides(entryFor(cpuVendor(), cpuFamily(), LANES));

    static final int MR = ENTRY.mr();
    static final int NR = 2 * LANES;
    static final boolean PACK_A = ENTRY.packA();
    static final int KC = ENTRY.kc();
    /** Rows of A per block, a multiple of MR (packed panels are whole), sized so that MC×KC fills half of L2. */
    static final int MC = mc(Integer.getInteger("backprop4j.gemm.mc",
            (int) (l2Bytes(ENTRY.l2()) / 2 / (KC * 4L))));
    /** Columns of B per packed block (KC×NC lives in L3). */
    static final int NC = NR * 128;
    /**
     * Steps of k per pass of the scalar pack that transposes B (Bᵀ stored, as W in dX = dZ·Wᵀ):
     * PACK_STEPS·NR floats of the panel (8 KB with 16 lanes) stay in L1 while its columns are
     * written, where a whole panel (KC·NR floats, 128 KB) does not. GemmMlpBench inputGradNT,
     * 1024×1024 layer, Zen 5, JDK 25, 1 thread, four alternating rounds: 121–156 GFLOP/s a fork
     * (mean 145.5) against 120–149 (mean 133.1) unblocked (BENCHMARKS.md, eleventh session).
     */
    static final int PACK_STEPS = 64;
    /**
     * Whether the packs that transpose and the merge of a Cᵀ tile move 8×8 blocks through the
     * vector lanes ({@link GemmDriver#transpose8}) rather than one scalar at a time. Only where
     * the preferred species has 8 lanes (AVX2), and from JDK 21 on. Measured on JDK 25, Zen 5
     * (AVX-512):
     * <ul>
     *   <li>8-lane vectors (SPECIES_256) beside the 16-lane kernels left C2 boxing vectors for
     *       good: after a ReLU model had trained, every activation's model allocated 1 MB per
     *       100-step fit in every JVM ({@code ActivationAfterReluAllocationTest}), and in about
     *       1 fresh JVM in 10 too;</li>
     *   <li>a 16-lane version (two 8×8 blocks per vector, each row stored as two masked halves)
     *       was too big for C1 ("out of virtual registers in linear scan"), stayed in tier-2 code
     *       and allocated 4.2 MB per 128×784×256 product, at 60 instead of 170 GFLOP/s.</li>
     * </ul>
     * So AVX-512 kept scalar moves until {@link #WIDE_TRANSPOSES} (the ninth session measured
     * their cost beside the 8-lane version on Zen 5: NT products up to 20% slower in one window
     * and no slower in another, TN about 5%, NN and square products within noise). On JDK 17
     * these moves allocate (0.2–0.5 MB per Cᵀ product of 64×200×100, {@code GemmAllocationTest});
     * JDK 18 made masked moves intrinsics (JEP 417), and JDK 21 is taken to compile them too,
     * unmeasured.
     */
    static final boolean VECTOR_TRANSPOSES = Runtime.version().feature() >= 21 && LANES == 8;
    /**
     * Whether the packs that transpose move their blocks through 16 lanes (AVX-512), from JDK 21
     * on like {@link #VECTOR_TRANSPOSES}: {@link GemmDriver#transpose8x16} for A panels of 8
     * rows (X in X·W), {@link GemmDriver#transpose16} for B stored transposed (W in dZ·Wᵀ). Only
     * the preferred species and full panels, no masks: unlike the 8-lane and masked attempts
     * above, fresh JVMs stay free of boxed vectors (scripts/stress-alloc 15: 0 of 30 JVMs on
     * JDK 25; JDK 17 keeps the scalar moves). Against the scalar moves (GemmMlpBench, Zen 5,
     * JDK 25, 1 thread, two rounds, GFLOP/s): dZ·Wᵀ 149–150 → 161–168 for the 784×256 layer's
     * shape and 147–152 → 157–163 for 1024×1024, the other products within noise (BENCHMARKS.md,
     * thirteenth session). The same flag packs A stored transposed (X in Xᵀ·dZ) two steps per
     * vector instead of one {@code System.arraycopy} of 8 floats per step (Zen 5, JDK 25, 1
     * thread, 2 forks × 4 iterations, two rounds): Xᵀ·dZ 176.7 ± 13.8 and 176.4 ± 2.7 → 184.0 ±
     * 13.7 and 185.6 ± 5.1 GFLOP/s for the 784×256 layer, 181.6 ± 19.1 and 187.6 ± 4.9 → 183.8 ±
     * 3.7 and 190.2 ± 8.5 for 1024×1024 (fourteenth session).
     */
    static final boolean WIDE_TRANSPOSES = Runtime.version().feature() >= 21 && LANES == 16;
    /** Parallel products split as a grid of slices (false: rows or columns only, for comparison). */
    static final boolean GRID = Boolean.parseBoolean(System.getProperty("backprop4j.gemm.grid", "true"));

    /** At least 1 (0 would never advance), rounded up to whole MR-row panels. */
    private static int mc(int rows) {
        if (rows < 1 && System.getProperty("backprop4j.gemm.mc") != null) {
            throw new IllegalArgumentException("backprop4j.gemm.mc must be >= 1, got " + rows);
        }
        return Math.max(1, (rows + MR - 1) / MR) * MR;
    }

    /** The configuration in use, for benchmark reports. */
    static String describe() {
        return String.format(Locale.ROOT, "%s: MR=%d NR=%d KC=%d MC=%d NC=%d packA=%b grid=%b transposes=%s", ENTRY.name(),
                MR, NR, KC, MC, NC, PACK_A, GRID, VECTOR_TRANSPOSES ? "8x8" : WIDE_TRANSPOSES ? "16-lane" : "scalar");
    }

    /** The entry for a CPU: {@code family} is /proc/cpuinfo's "cpu family" (26 for AMD Zen 5), -1 if unknown. */
    static Entry entryFor(String vendor, int family, int lanes) {
        if (lanes < 16) {
            return AVX2;
        }
        if (vendor.equals("GenuineIntel")) {
            return INTEL_AVX512;
        }
        return vendor.equals("AuthenticAMD") && family == 26 ? AMD_ZEN5 : AMD_AVX512;
    }

    private static Entry withOverrides(Entry e) {
        String cpu = System.getProperty("backprop4j.gemm.cpu");
        if (cpu != null) {
            e = java.util.Arrays.stream(ENTRIES).filter(x -> x.name().equals(cpu)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("backprop4j.gemm.cpu: no entry " + cpu));
        }
        int mr = Integer.getInteger("backprop4j.gemm.mr", e.mr());
        if (mr < 4 || mr > 8) {
            throw new IllegalArgumentException("backprop4j.gemm.mr must be 4 to 8, got " + mr);
        }
        int kc = Integer.getInteger("backprop4j.gemm.kc", e.kc());
        if (kc < 1) {
            throw new IllegalArgumentException("backprop4j.gemm.kc must be >= 1, got " + kc);
        }
        boolean packA = Boolean.parseBoolean(System.getProperty("backprop4j.gemm.packA", Boolean.toString(e.packA())));
        return new Entry(e.name(), mr, packA, kc, e.l2());
    }

    /** /proc/cpuinfo's vendor_id ("GenuineIntel", "AuthenticAMD"), or "" where it cannot be read. */
    static String cpuVendor() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("vendor_id")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** /proc/cpuinfo's "cpu family" (26 on AMD Zen 5, 25 on Zen 3 and 4), or -1 where it cannot be read. */
    static int cpuFamily() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("cpu family")).findFirst()
                    .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).trim())).orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Per-core L2 size in bytes from sysfs, or the entry's figure when Linux does not say. */
    static long l2Bytes(long fallback) {
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
        return fallback;
    }

    /** "1024K" → 1048576; "2M" → 2097152. */
    static long parseSize(String s) {
        char unit = s.charAt(s.length() - 1);
        long scale = unit == 'K' ? 1024 : unit == 'M' ? 1024 * 1024 : 1;
        String digits = Character.isDigit(unit) ? s : s.substring(0, s.length() - 1);
        return Long.parseLong(digits) * scale;
    }
}
