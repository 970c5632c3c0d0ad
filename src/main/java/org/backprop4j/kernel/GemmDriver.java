package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The single-threaded GEMM loops, BLIS style: five loops around an MR×NR register micro-kernel.
 *
 * <pre>
 * for jc in cols step NC        B block  (KC×NC, lives in L3)
 *   for pc in 0..k step KC      pack B[pc.., jc..] into NR-wide panels
 *     for ic in rows step MC    A block (MC×KC, lives in L2): packed, or read in place (Blocking)
 *       for jr step NR          one B micro-panel (KC×NR)
 *         for ir step MR        micro-kernel: MR×NR tile of C in registers
 * </pre>
 *
 * Packing B absorbs its transpose and pads edge panels with zeros; A is packed into MR-row panels
 * too where {@link Blocking#PACK_A} says so (Intel), else read in place through strides with only
 * a panel of fewer than MR rows packed; either way the micro-kernel never needs a mask.
 * A pack that transposes (B stored transposed into NR-wide panels, or 8-row panels of A) and the
 * merge of a Cᵀ tile move 8×8 blocks through the vector lanes ({@link #transpose8}; JDK 21+, 8-lane species).
 * Where A is read in place and packing it would be cheaper than packing B, the same loops compute
 * Cᵀ instead ({@link #computeTransposed}). Tiles are
 * merged into C through a small buffer (alpha, beta), or stored straight into C when the merge is
 * C = acc, and, after the last K block, the epilogue runs on the tile while it is still in L1. Fewer than {@link #SMALL_M} rows, or an inner
 * dimension of at most {@link #SMALL_K}, skip packing.
 */
final class GemmDriver {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    static final int MR = Blocking.MR;
    static final int NR = Blocking.NR;
    static final int KC = Blocking.KC;
    static final int MC = Blocking.MC;
    static final int NC = Blocking.NC;
    static final boolean PACK_A = Blocking.PACK_A;
    static final boolean REFERENCE_KERNEL = "reference".equals(System.getProperty("backprop4j.gemm.kernel"));

    /**
     * Products with fewer rows than this (batch-1 inference) skip packing: packing B would cost as
     * much as the product itself. Decided on the whole problem's m, never on a slice's.
     */
    static final int SMALL_M = 4;

    /** Inner dimensions up to this also take the unpacked path (see {@link #rows}). */
    static final int SMALL_K = 16;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private GemmDriver() {
    }

    /**
     * Packing buffers, grown on demand and then reused call after call: per slice in a
     * {@link GemmWorkspace} (a training pass's), per thread for {@link Gemm#sgemm}'s casual calls.
     * A's holds one MC×KC block, or only an edge panel of fewer than MR rows when A is read in
     * place; B's one KC×NC block.
     */
    static final class Buffers {
        float[] aPack = new float[0];
        float[] bPack = new float[0];
        /**
         * The register tile: MR rows, or 8 whatever MR where the transposes are used (rows from MR
         * on stay 0), since {@link #mergeTransposed} transposes it 8×8.
         */
        final float[] tile = new float[(VECTOR_TRANSPOSES ? T : MR) * NR];
        /** The tile transposed, where the transposes are used: row v (8 floats) holds column v of the tile. */
        final float[] tileT = new float[VECTOR_TRANSPOSES ? NR * T : 0];

        float[] aPack(int size) {
            if (aPack.length < size) {
                aPack = new float[size];
            }
            return aPack;
        }

        float[] bPack(int size) {
            if (bPack.length < size) {
                bPack = new float[size];
            }
            return bPack;
        }
    }

    // ---- parallel slicing ---------------------------------------------------------------------

    /**
     * Slices a product of this shape is split into on {@code parallelism} threads: as many as give
     * each at least {@link #MIN_SLICE_FLOPS} (a 16-thread pool would otherwise fork a small layer
     * into slices shorter than the fork), so a product forks from twice that. Until the twelfth
     * session it forked only from 2·192³ (14.2 MFLOP), which kept MLP-784's second layer
     * (128×256×128, 8.4 MFLOP a product) on one thread: forking it took MLP-784 on 2 threads from
     * 131.1k ± 5.2k and 131.7k ± 7.2k to 146.7k ± 10.0k and 145.9k ± 10.1k samples/s (TrainBench,
     * fresh regime, Zen 5, JDK 25, 3 forks, two rounds; BENCHMARKS.md).
     */
    static int slicesFor(int m, int n, int k, int parallelism) {
        int most = maxSlices(m, n, k, parallelism);
        int rows = rowSlices(m, n, k, most);
        return rows * colSlices(n, rows, most);
    }

    /** The most slices worth making: see {@link #slicesFor}, which may use fewer to fill a grid. */
    static int maxSlices(int m, int n, int k, int parallelism) {
        long flops = 2L * m * n * k;
        return parallelism <= 1 ? 1 : (int) Math.max(1, Math.min(parallelism, flops / MIN_SLICE_FLOPS));
    }

    /** Each slice should do at least this much: ~30 µs on a core, several times a fork's cost. */
    private static final long MIN_SLICE_FLOPS = 4_000_000L;

    /**
     * Rows of the grid of slices (slices = rows × columns, at most {@code most}), chosen by a cost
     * model of one slice's time: its register tiles' FMAs, plus packing its rows of A (read in
     * place where A is not packed, a quarter the cost) and its columns of B. A 1-D split packs one
     * operand whole in every slice: on 16 threads a column split packed all of A 16 times, a
     * third of each slice's time at n = 2048. Any grid gives the same bits (tile-aligned slices,
     * each element's FMA chain unchanged).
     */
    static int rowSlices(int m, int n, int k, int most) {
        int rowUnits = ceilDiv(m, MR);
        int colUnits = ceilDiv(n, NR);
        if (!Blocking.GRID || most < 4) {
            // The 1-D split, rows when C is taller than wide, else columns: with fewer than four
            // slices no grid is 2-D, and this rule measured best on 2 cores (Zen 5, TN product
            // 784×256×128: rows 262 against columns 198 GFLOP/s).
            return m > n ? Math.min(most, rowUnits) : 1;
        }
        double flopsPerCycle = 4.0 * L; // two FMA pipes, 2 FLOPs per lane
        double aCost = PACK_A ? 1.0 : 0.25;
        int best = 1;
        double bestCost = Double.MAX_VALUE;
        for (int r = 1; r <= Math.min(most, rowUnits); r++) {
            int c = Math.min(most / r, colUnits);
            long rowsPerSlice = (long) ceilDiv(rowUnits, r) * MR;
            long colsPerSlice = (long) ceilDiv(colUnits, c) * NR;
            double cost = 2.0 * rowsPerSlice * colsPerSlice * k / flopsPerCycle
                    + (aCost * rowsPerSlice + colsPerSlice) * k;
            if (cost < bestCost) {
                bestCost = cost;
                best = r;
            }
        }
        return best;
    }

    /** Columns of the grid for {@code rows} rows of slices. */
    static int colSlices(int n, int rows, int most) {
        return Math.max(1, Math.min(most / rows, ceilDiv(n, NR)));
    }

    /** First row (or column) of slice {@code s} of {@code slices}, aligned to the register tile. */
    static int sliceStart(int extent, int slices, boolean byRows, int s) {
        int unit = byRows ? MR : NR;
        long units = ceilDiv(extent, unit);
        return (int) Math.min(extent, units * s / slices * unit);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    // ---- the five loops -----------------------------------------------------------------------

    /** This thread's packing buffers. */
    static Buffers threadBuffers() {
        return BUFFERS.get();
    }

    /** {@link #compute(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int, Epilogue, int, int, int, int, Buffers)} with this thread's buffers. */
    static void compute(boolean transA, boolean transB, int m, int n, int k, float alpha,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float beta, float[] c, int cOff, int ldc, Epilogue e,
                        int i0, int i1, int j0, int j1) {
        compute(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, e,
                i0, i1, j0, j1, BUFFERS.get());
    }

    /** Computes rows [i0, i1) × columns [j0, j1) of C with the given packing buffers. Arguments are already checked. */
    static void compute(boolean transA, boolean transB, int m, int n, int k, float alpha,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float beta, float[] c, int cOff, int ldc, Epilogue e,
                        int i0, int i1, int j0, int j1, Buffers ws) {
        if (k == 0 || alpha == 0f) {
            scaleC(beta, c, cOff, ldc, e, i0, i1, j0, j1);
            return;
        }
        if (!transB && (m < SMALL_M || k <= SMALL_K)) {
            rows(transA, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, e, i0, i1, j0, j1,
                    ws.tile);
            return;
        }
        if (computeTransposed(transA, transB, m, n)) {
            // Cᵀ = op(B)ᵀ·op(A)ᵀ: B becomes the operand read in place, and only A is packed.
            blocked(!transB, b, bOff, ldb, !transA, a, aOff, lda, k, alpha, beta, c, cOff, ldc, e,
                    j0, j1, i0, i1, true, ws);
        } else {
            blocked(transA, a, aOff, lda, transB, b, bOff, ldb, k, alpha, beta, c, cOff, ldc, e,
                    i0, i1, j0, j1, false, ws);
        }
    }

    /**
     * Whether to compute Cᵀ. Where A is read in place (Blocking's Zen 4 and AVX2 entries), the
     * operand packed into NR-wide panels is then A (k·m elements) instead of B (k·n). A packing
     * that transposes was a scalar gather, about 4× the cost per element of one that copies whole
     * vectors (the factor predates {@link #transpose8} and was not measured again), so e.g.
     * X[64×1024]·W[1024×1024] (a training shard's forward) computes Cᵀ, while square products
     * do not.
     *
     * <p>Where every panel of A is packed ({@link Blocking#PACK_A}), both operands are packed
     * either way, and Cᵀ only adds a transposed merge per tile and moves the contiguous copy to
     * the smaller operand: C itself measured faster or the same for every training product
     * (GemmMlpBench, Zen 5, JDK 25, 1 thread, GFLOP/s, Cᵀ → C: X[128×1024]·W 127–139 → 160–165,
     * Xᵀ·dZ 104–133 → 162–183, dZ·Wᵀ the same, 129–133 and 130–133; BENCHMARKS.md), except
     * where C is narrower than the tile (n &lt; NR, m &gt; n: a softmax over 10 classes): Cᵀ fills
     * its NR columns with C's rows, C pads each tile's to NR. 1 thread, Zen 5, JDK 25, µs a
     * product, C → Cᵀ: 128×128·128×10 8.3 → 6.4, its Xᵀ·dZ 9.8 → 6.2; MLP-WIDE's 256×1024·1024×10
     * 119 → 99 and 1024×10 Xᵀ·dZ 185 → 100 (BENCHMARKS.md, fourteenth session).
     */
    static boolean computeTransposed(boolean transA, boolean transB, int m, int n) {
        if (PACK_A) {
            return n < NR && m > n;
        }
        long packA = (long) m * (transA ? 1 : 4); // Aᵀ as the packed operand: a transpose unless A is stored transposed
        long packB = (long) n * (transB ? 4 : 1);
        return packA < packB;
    }

    /**
     * The five loops for D = op(X)·op(Y) over rows [r0, r1) and columns [q0, q1) of D, where D is
     * C itself, or Cᵀ when {@code transposed} (then a tile is merged into C transposed). X is the
     * broadcast operand, packed or read in place a panel of MR rows at a time; Y is packed into NR-wide
     * panels. An element's FMA chain is the same either way (fma(x, y, acc) = fma(y, x, acc)), so
     * computing Cᵀ changes no bit.
     */
    private static void blocked(boolean transX, float[] x, int xOff, int ldx,
                                boolean transY, float[] y, int yOff, int ldy, int k,
                                float alpha, float beta, float[] c, int cOff, int ldc, Epilogue e,
                                int r0, int r1, int q0, int q1, boolean transposed, Buffers ws) {
        float[] xp = ws.aPack((PACK_A ? Math.min(MC, ceilDiv(r1 - r0, MR) * MR) : MR) * Math.min(KC, k));
        float[] tile = ws.tile;
        float[] yp = ws.bPack(Math.min(NC, ceilDiv(q1 - q0, NR) * NR) * Math.min(KC, k));
        for (int qc = q0; qc < q1; qc += NC) {
            int nc = Math.min(NC, q1 - qc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float scaleC = pc == 0 ? beta : 1f;
                boolean last = pc + kc == k;
                packB(transY, y, yOff, ldy, pc, kc, qc, nc, yp);
                for (int rc = r0; rc < r1; rc += MC) {
                    int mc = Math.min(MC, r1 - rc);
                    // Packed whole (PACK_A), or read in place with only an edge panel of fewer
                    // than MR rows packed, zero-padded (Blocking says which suits this CPU).
                    int packFrom = PACK_A ? 0 : mc / MR * MR;
                    packA(transX, x, xOff, ldx, rc + packFrom, mc - packFrom, pc, kc, xp);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int row = rc + ir;
                            int col = qc + jr;
                            // A whole tile whose merge would be C = 1·acc goes straight from the
                            // registers to C (the same bits: acc·1 = acc), skipping the tile buffer.
                            boolean direct = !transposed && scaleC == 0f && alpha == 1f && mr == MR && nr == NR;
                            float[] dst = direct ? c : tile;
                            int dstOff = direct ? cOff + row * ldc + col : 0;
                            int dstLd = direct ? ldc : NR;
                            if (ir < packFrom) {
                                int xo = transX ? xOff + pc * ldx + rc + ir : xOff + (rc + ir) * ldx + pc;
                                kernel(kc, x, xo, transX ? 1 : ldx, transX ? ldx : 1, yp, jr * kc, dst, dstOff, dstLd);
                            } else {
                                kernel(kc, xp, (ir - packFrom) * kc, 1, MR, yp, jr * kc, dst, dstOff, dstLd);
                            }
                            if (direct) {
                                if (last) {
                                    BiasActivation.apply(c, dstOff, ldc, mr, nr, col, e);
                                }
                            } else if (transposed) { // D[row][col] is C[col][row]
                                mergeTransposed(tile, ws.tileT, c, cOff + col * ldc + row, ldc, mr, nr, alpha, scaleC);
                                if (last) {
                                    BiasActivation.apply(c, cOff + col * ldc + row, ldc, nr, mr, row, e);
                                }
                            } else {
                                merge(tile, c, cOff + row * ldc + col, ldc, mr, nr, alpha, scaleC);
                                if (last) {
                                    BiasActivation.apply(c, cOff + row * ldc + col, ldc, mr, nr, col, e);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The unpacked path, row by row straight from B: for a few rows (batch-1 inference), where
     * packing B would cost as much as the product, and for a tiny inner dimension (k ≤
     * {@link #SMALL_K}, e.g. a 2-input first layer), where B is a few rows read contiguously and a
     * register tile would spend more time being zeroed and stored than multiplying. It performs
     * the same operations per element as the packed path (an FMA chain over each KC block, then
     * the same merge), so a row's result does not depend on the path or the batch it came in.
     */
    private static void rows(boolean transA, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
                             Epilogue e, int i0, int i1, int j0, int j1, float[] tile) {
        int aStep = transA ? lda : 1;
        for (int i = i0; i < i1; i++) {
            int a0 = transA ? aOff + i : aOff + i * lda;
            row(k, alpha, a, a0, aStep, b, bOff, ldb, beta, c, cOff + i * ldc, e, j0, j1, tile);
        }
    }

    /**
     * One row of C: columns [j0, j1) of {@code c[cRow..]}, A's row read from {@code a0} in steps
     * of {@code aStep}. A method of its own, called once per row: the JIT compiles it after a few
     * small products, where a loop over all rows called once per training step would run as slow
     * interpreted Vector API code for hundreds of steps.
     */
    private static void row(int k, float alpha, float[] a, int a0, int aStep, float[] b, int bOff,
                            int ldb, float beta, float[] c, int cRow, Epilogue e, int j0, int j1,
                            float[] tile) {
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            float scaleC = pc == 0 ? beta : 1f;
            int ai0 = a0 + pc * aStep;
            int j = j0;
            // 8 vectors of columns at a time (longer contiguous reads of B), then 4, then 1
            for (; j + 8 * L <= j1; j += 8 * L) {
                columns(8, kc, alpha, a, ai0, aStep, b, bOff + pc * ldb + j, ldb, scaleC, c, cRow + j, tile);
            }
            for (; j + 4 * L <= j1; j += 4 * L) {
                columns(4, kc, alpha, a, ai0, aStep, b, bOff + pc * ldb + j, ldb, scaleC, c, cRow + j, tile);
            }
            for (; j + L <= j1; j += L) {
                columns(1, kc, alpha, a, ai0, aStep, b, bOff + pc * ldb + j, ldb, scaleC, c, cRow + j, tile);
            }
            for (; j < j1; j++) { // the tail, one column at a time: the same FMA chain
                float acc = 0f;
                for (int p = 0, ai = ai0, bi = bOff + pc * ldb + j; p < kc; p++, ai += aStep, bi += ldb) {
                    acc = Math.fma(a[ai], b[bi], acc);
                }
                tile[0] = acc;
                merge(tile, c, cRow + j, 0, 1, 1, alpha, scaleC);
            }
        }
        BiasActivation.apply(c, cRow + j0, j1 - j0, 1, j1 - j0, j0, e);
    }

    /**
     * {@code vectors}·L columns of one row over one KC block, one accumulator (one FMA chain) per
     * vector, starting at B's {@code bi} and C's {@code ci}. {@code vectors} is 1, 4 or 8. Too
     * big for C2 to inline (521 bytes of bytecode), so it is one compilation taking every width,
     * its accumulators' vectors never leaving it; the loop-invariant width tests cost nothing
     * that InferBench's batch-1 run or SpiralBench could see (BENCHMARKS.md, tenth session).
     */
    private static void columns(int vectors, int kc, float alpha, float[] a, int ai0, int aStep, float[] b, int bi,
                                int ldb, float scaleC, float[] c, int ci, float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int p = 0, ai = ai0; p < kc; p++, ai += aStep, bi += ldb) {
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c0 = x.fma(FloatVector.fromArray(S, b, bi), c0);
            if (vectors > 1) {
                c1 = x.fma(FloatVector.fromArray(S, b, bi + L), c1);
                c2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), c2);
                c3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), c3);
            }
            if (vectors > 4) {
                c4 = x.fma(FloatVector.fromArray(S, b, bi + 4 * L), c4);
                c5 = x.fma(FloatVector.fromArray(S, b, bi + 5 * L), c5);
                c6 = x.fma(FloatVector.fromArray(S, b, bi + 6 * L), c6);
                c7 = x.fma(FloatVector.fromArray(S, b, bi + 7 * L), c7);
            }
        }
        // merge's arithmetic straight from the registers when C is not read; else through the tile
        float[] dst = scaleC == 0f ? c : tile;
        int d = scaleC == 0f ? ci : 0;
        float scale = scaleC == 0f ? alpha : 1f;
        c0.mul(scale).intoArray(dst, d);
        if (vectors > 1) {
            c1.mul(scale).intoArray(dst, d + L);
            c2.mul(scale).intoArray(dst, d + 2 * L);
            c3.mul(scale).intoArray(dst, d + 3 * L);
        }
        if (vectors > 4) {
            c4.mul(scale).intoArray(dst, d + 4 * L);
            c5.mul(scale).intoArray(dst, d + 5 * L);
            c6.mul(scale).intoArray(dst, d + 6 * L);
            c7.mul(scale).intoArray(dst, d + 7 * L);
        }
        if (scaleC != 0f) {
            merge(tile, c, ci, 0, 1, vectors * L, alpha, scaleC);
        }
    }

    /** k = 0 or alpha = 0: C = beta·C (C not read when beta = 0), then the epilogue. */
    private static void scaleC(float beta, float[] c, int cOff, int ldc, Epilogue e,
                               int i0, int i1, int j0, int j1) {
        for (int i = i0; i < i1; i++) {
            int row = cOff + i * ldc;
            for (int j = j0; j < j1; j++) {
                c[row + j] = beta == 0f ? 0f : beta * c[row + j];
            }
        }
        for (int jc = j0; jc < j1; jc += NR) { // tile by tile, as compute() does
            BiasActivation.apply(c, cOff + i0 * ldc + jc, ldc, i1 - i0, Math.min(NR, j1 - jc), jc, e);
        }
    }

    // ---- packing ------------------------------------------------------------------------------

    /** B[pc..pc+kc) × [jc..jc+nc) into NR-wide panels: bp[jr·kc + p·NR + jj], zero-padded. */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                      float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = jr * kc;
            if (!transB) {
                int src = bOff + pc * ldb + jc + jr;
                if (nr == NR) {
                    for (int p = 0; p < kc; p++, src += ldb) {
                        int dst = base + p * NR;
                        FloatVector.fromArray(S, b, src).intoArray(bp, dst);
                        FloatVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++, src += ldb) {
                        int dst = base + p * NR;
                        for (int jj = 0; jj < nr; jj++) {
                            bp[dst + jj] = b[src + jj];
                        }
                        for (int jj = nr; jj < NR; jj++) {
                            bp[dst + jj] = 0f;
                        }
                    }
                }
            } else if (nr == NR && BLOCK_TRANSPOSES) {
                // NR rows of B, each contiguous in p, transposed through the vector lanes in L×L
                // blocks, both of a panel row's blocks before the next L steps of p (the panel
                // rows being written stay in L1)
                int src = bOff + (jc + jr) * ldb + pc;
                int kcv = kc - kc % L;
                for (int p = 0; p < kcv; p += L) {
                    for (int jj = 0; jj < NR; jj += L) {
                        if (WIDE_TRANSPOSES) {
                            transpose16(b, src + jj * ldb + p, ldb, bp, base + p * NR + jj, NR);
                        } else {
                            transpose8(b, src + jj * ldb + p, ldb, bp, base + p * NR + jj, NR);
                        }
                    }
                }
                for (int j = 0; j < NR; j++) {
                    for (int p = kcv, s = src + j * ldb; p < kc; p++) {
                        bp[base + p * NR + j] = b[s + p];
                    }
                }
            } else {
                // Column jj of the panel is written a float every NR: Blocking.PACK_STEPS steps at a
                // time, so that the panel rows being written stay in L1 (a whole panel does not).
                for (int p0 = 0; p0 < kc; p0 += Blocking.PACK_STEPS) {
                    int p1 = Math.min(kc, p0 + Blocking.PACK_STEPS);
                    for (int jj = 0; jj < NR; jj++) {
                        if (jj < nr) {
                            int src = bOff + (jc + jr + jj) * ldb + pc;
                            for (int p = p0; p < p1; p++) {
                                bp[base + p * NR + jj] = b[src + p];
                            }
                        } else {
                            for (int p = p0; p < p1; p++) {
                                bp[base + p * NR + jj] = 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /** A[ic..ic+mc) × [pc..pc+kc) into MR-tall panels: ap[ir·kc + p·MR + ii], zero-padded. */
    static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                      float[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = ir * kc;
            if (!transA && MR == T && mr == T && BLOCK_TRANSPOSES) {
                // 8 rows of A, each contiguous in p, transposed through the vector lanes a block
                // of L steps of p at a time (8×8, or 8×16 with 16 lanes)
                int src = aOff + (ic + ir) * lda + pc;
                int kcv = kc - kc % L;
                for (int p = 0; p < kcv; p += L) {
                    if (WIDE_TRANSPOSES) {
                        transpose8x16(a, src + p, lda, ap, base + p * T);
                    } else {
                        transpose8(a, src + p, lda, ap, base + p * T, T);
                    }
                }
                for (int ii = 0; ii < T; ii++) {
                    for (int p = kcv, s = src + ii * lda; p < kc; p++) {
                        ap[base + p * T + ii] = a[s + p];
                    }
                }
            } else if (!transA) {
                for (int ii = 0; ii < MR; ii++) {
                    if (ii < mr) {
                        int src = aOff + (ic + ir + ii) * lda + pc;
                        for (int p = 0; p < kc; p++) {
                            ap[base + p * MR + ii] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            ap[base + p * MR + ii] = 0f;
                        }
                    }
                }
            } else if (mr == MR) { // Aᵀ stored (X in Xᵀ·dZ): MR contiguous floats per step
                int src = aOff + pc * lda + ic + ir;
                int p = 0;
                if (WIDE_TRANSPOSES && MR == T) {
                    // two steps per vector, one load each (the low half of step p's, the high
                    // half of step p + 1's) where the first load stays inside the array; an
                    // arraycopy call per 8 floats cost more than the copy (Blocking.WIDE_TRANSPOSES)
                    for (; p + 1 < kc && src <= a.length - L; p += 2, src += 2 * lda) {
                        FloatVector.fromArray(S, a, src)
                                .blend(FloatVector.fromArray(S, a, src + lda - T), BIT8)
                                .intoArray(ap, base + p * T);
                    }
                }
                for (; p < kc; p++, src += lda) {
                    System.arraycopy(a, src, ap, base + p * MR, MR);
                }
            } else {
                int src = aOff + pc * lda + ic + ir;
                for (int p = 0; p < kc; p++, src += lda) {
                    int dst = base + p * MR;
                    for (int ii = 0; ii < mr; ii++) {
                        ap[dst + ii] = a[src + ii];
                    }
                    for (int ii = mr; ii < MR; ii++) {
                        ap[dst + ii] = 0f;
                    }
                }
            }
        }
    }

    // ---- micro-kernel and merge ---------------------------------------------------------------

    /**
     * MR×NR = A panel · B panel over kc steps: broadcast one A element, multiply it into two B
     * vectors, accumulate in registers that stay in the CPU until the end, then store row r at
     * {@code dst[dOff + r·ld]} (the tile buffer, ld = NR, or C itself). B is a packed panel (its
     * p-th row of NR floats at {@code bp[bo + p·NR]}); A element (r, p) is
     * {@code a[ao + r·rs + p·cs]}: a packed panel (rs = 1, cs = MR) or A read in place (rs = lda,
     * cs = 1 for A; rs = 1, cs = lda for Aᵀ).
     *
     * <p>When every A panel is packed ({@link Blocking#PACK_A}) the strides are the constants 1 and
     * MR, and C2 hoists every bounds check out of the loop: on Intel cores the scalar work of a
     * check per broadcast competes with the FMAs for the two ports that run them. One body for
     * every MR from 4 to 8: MR is a constant, so C2 drops the rows it does not use (and their
     * accumulators) when it compiles this method.
     */
    static void kernel(int kc, float[] a, int ao, int rs, int cs, float[] bp, int bo, float[] dst, int dOff, int ld) {
        if (REFERENCE_KERNEL) {
            referenceKernel(kc, a, ao, rs, cs, bp, bo, dst, dOff, ld);
            return;
        }
        int rowStep = PACK_A ? 1 : rs;
        int colStep = PACK_A ? MR : cs;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int q = ao + p * colStep;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo + p * NR);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + p * NR + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[q + 0 * rowStep]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[q + 1 * rowStep]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[q + 2 * rowStep]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[q + 3 * rowStep]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            if (MR > 4) { x = FloatVector.broadcast(S, a[q + 4 * rowStep]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41); }
            if (MR > 5) { x = FloatVector.broadcast(S, a[q + 5 * rowStep]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51); }
            if (MR > 6) { x = FloatVector.broadcast(S, a[q + 6 * rowStep]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61); }
            if (MR > 7) { x = FloatVector.broadcast(S, a[q + 7 * rowStep]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71); }
        }
        c00.intoArray(dst, dOff + 0 * ld); c01.intoArray(dst, dOff + 0 * ld + L);
        c10.intoArray(dst, dOff + 1 * ld); c11.intoArray(dst, dOff + 1 * ld + L);
        c20.intoArray(dst, dOff + 2 * ld); c21.intoArray(dst, dOff + 2 * ld + L);
        c30.intoArray(dst, dOff + 3 * ld); c31.intoArray(dst, dOff + 3 * ld + L);
        if (MR > 4) { c40.intoArray(dst, dOff + 4 * ld); c41.intoArray(dst, dOff + 4 * ld + L); }
        if (MR > 5) { c50.intoArray(dst, dOff + 5 * ld); c51.intoArray(dst, dOff + 5 * ld + L); }
        if (MR > 6) { c60.intoArray(dst, dOff + 6 * ld); c61.intoArray(dst, dOff + 6 * ld + L); }
        if (MR > 7) { c70.intoArray(dst, dOff + 7 * ld); c71.intoArray(dst, dOff + 7 * ld + L); }
    }

    /**
     * The plain reference for {@link #kernel}: the same tile, one element at a time, with the same
     * FMA chain per element (fma(x, b, acc) over p in order), so it gives the same bits. Selected
     * with {@code -Dbackprop4j.gemm.kernel=reference}; the tests run every configuration both
     * ways and compare the bits.
     */
    static void referenceKernel(int kc, float[] a, int ao, int rs, int cs, float[] bp, int bo,
                                float[] dst, int dOff, int ld) {
        for (int r = 0; r < MR; r++) {
            for (int v = 0; v < NR; v++) {
                float acc = 0f;
                for (int p = 0; p < kc; p++) {
                    acc = Math.fma(a[ao + r * rs + p * cs], bp[bo + p * NR + v], acc);
                }
                dst[dOff + r * ld + v] = acc;
            }
        }
    }

    /** C[mr×nr] = alpha·tile + scaleC·C; C is not read when scaleC = 0. */
    static void merge(float[] tile, float[] c, int cIdx, int ldc, int mr, int nr, float alpha,
                      float scaleC) {
        FloatVector vScale = FloatVector.broadcast(S, scaleC);
        int full = S.loopBound(nr);
        for (int r = 0; r < mr; r++) {
            int row = cIdx + r * ldc;
            int t = r * NR;
            int j = 0;
            for (; j < full; j += L) {
                FloatVector acc = FloatVector.fromArray(S, tile, t + j).mul(alpha);
                if (scaleC != 0f) {
                    acc = FloatVector.fromArray(S, c, row + j).fma(vScale, acc);
                }
                acc.intoArray(c, row + j);
            }
            for (; j < nr; j++) { // the same arithmetic, one element: c·scaleC + alpha·acc, fused
                float acc = tile[t + j] * alpha;
                c[row + j] = scaleC != 0f ? Math.fma(c[row + j], scaleC, acc) : acc;
            }
        }
    }

    /**
     * C[v][r] = alpha·tile[r][v] + scaleC·C[v][r] for r &lt; mr, v &lt; nr: merge's arithmetic,
     * transposed. The tile (8 rows, rows from mr on ignored) goes through {@link #transpose8} into
     * {@code tileT} 8 columns at a time; then each row of C takes its mr elements in one vector
     * (masked when mr &lt; 8), with the same operations per element as {@link #merge}.
     */
    static void mergeTransposed(float[] tile, float[] tileT, float[] c, int cIdx, int ldc, int mr, int nr,
                                float alpha, float scaleC) {
        if (!VECTOR_TRANSPOSES) { // one scalar at a time
            for (int v = 0; v < nr; v++) {
                int row = cIdx + v * ldc;
                for (int r = 0; r < mr; r++) {
                    float acc = tile[r * NR + v] * alpha;
                    c[row + r] = scaleC != 0f ? Math.fma(c[row + r], scaleC, acc) : acc;
                }
            }
            return;
        }
        for (int v = 0; v < nr; v += T) {
            transpose8(tile, v, NR, tileT, v * T, T);
        }
        FloatVector vScale = FloatVector.broadcast(S, scaleC);
        if (mr == T) {
            for (int v = 0; v < nr; v++) {
                int row = cIdx + v * ldc;
                FloatVector acc = FloatVector.fromArray(S, tileT, v * T).mul(alpha);
                if (scaleC != 0f) {
                    acc = FloatVector.fromArray(S, c, row).fma(vScale, acc);
                }
                acc.intoArray(c, row);
            }
        } else {
            VectorMask<Float> m = S.indexInRange(0, mr);
            for (int v = 0; v < nr; v++) {
                int row = cIdx + v * ldc;
                FloatVector acc = FloatVector.fromArray(S, tileT, v * T).mul(alpha);
                if (scaleC != 0f) {
                    acc = FloatVector.fromArray(S, c, row, m).fma(vScale, acc);
                }
                acc.intoArray(c, row, m);
            }
        }
    }

    // ---- 8×8 transposes -----------------------------------------------------------------------

    /** The transposes' block: the tile's rows, and the A panels' rows where {@code MR} is 8. */
    static final int T = 8;
    /** Blocking's choice of transposes: 8×8 through 8 lanes (AVX2) or blocks through 16 (AVX-512), else scalar. */
    static final boolean VECTOR_TRANSPOSES = Blocking.VECTOR_TRANSPOSES;
    static final boolean WIDE_TRANSPOSES = Blocking.WIDE_TRANSPOSES;
    /** Whether the packs that transpose move blocks through the lanes, of either width. */
    static final boolean BLOCK_TRANSPOSES = VECTOR_TRANSPOSES || WIDE_TRANSPOSES;
    private static final VectorShuffle<Float> SWAP1 = swap(1);
    private static final VectorShuffle<Float> SWAP2 = swap(2);
    private static final VectorShuffle<Float> SWAP4 = swap(4);
    private static final VectorShuffle<Float> SWAP8 = swap(8);
    private static final VectorMask<Float> BIT1 = laneBit(1);
    private static final VectorMask<Float> BIT2 = laneBit(2);
    private static final VectorMask<Float> BIT4 = laneBit(4);
    private static final VectorMask<Float> BIT8 = laneBit(8);
    /** With 16 lanes, lane i takes lane 2i (i &lt; 8) or 2(i − 8) + 1: even steps of p to the low half, odd to the high. */
    private static final VectorShuffle<Float> PAIRS = VectorShuffle.fromOp(S, i -> L == 16 ? (i & 7) << 1 | i >> 3 : i);

    /** Lane i takes lane i ^ d (clamped where the species has too few lanes for d, which never transposes). */
    private static VectorShuffle<Float> swap(int d) {
        return VectorShuffle.fromOp(S, i -> Math.min(i ^ d, L - 1));
    }

    /** The lanes whose index has bit d set. */
    private static VectorMask<Float> laneBit(int d) {
        long bits = 0;
        for (int i = 0; i < L; i++) {
            bits |= (i & d) != 0 ? 1L << i : 0;
        }
        return VectorMask.fromLong(S, bits);
    }

    /**
     * dst[dOff + p·dLd + r] = src[sOff + r·sLd + p] for r, p &lt; 8: an 8×8 block transposed in
     * registers, in three stages; stage d (1, 2, 4) swaps bit d of the row index with bit d of
     * the lane index, between rows i and i + d (a lane permutation and a blend each way). Pure
     * data movement: the bits are the source's. 8-lane species only ({@link #VECTOR_TRANSPOSES}).
     */
    static void transpose8(float[] src, int sOff, int sLd, float[] dst, int dOff, int dLd) {
        FloatVector r0 = FloatVector.fromArray(S, src, sOff);
        FloatVector r1 = FloatVector.fromArray(S, src, sOff + sLd);
        FloatVector r2 = FloatVector.fromArray(S, src, sOff + 2 * sLd);
        FloatVector r3 = FloatVector.fromArray(S, src, sOff + 3 * sLd);
        FloatVector r4 = FloatVector.fromArray(S, src, sOff + 4 * sLd);
        FloatVector r5 = FloatVector.fromArray(S, src, sOff + 5 * sLd);
        FloatVector r6 = FloatVector.fromArray(S, src, sOff + 6 * sLd);
        FloatVector r7 = FloatVector.fromArray(S, src, sOff + 7 * sLd);
        FloatVector t0 = r0.blend(r1.rearrange(SWAP1), BIT1);
        FloatVector t1 = r0.rearrange(SWAP1).blend(r1, BIT1);
        FloatVector t2 = r2.blend(r3.rearrange(SWAP1), BIT1);
        FloatVector t3 = r2.rearrange(SWAP1).blend(r3, BIT1);
        FloatVector t4 = r4.blend(r5.rearrange(SWAP1), BIT1);
        FloatVector t5 = r4.rearrange(SWAP1).blend(r5, BIT1);
        FloatVector t6 = r6.blend(r7.rearrange(SWAP1), BIT1);
        FloatVector t7 = r6.rearrange(SWAP1).blend(r7, BIT1);
        r0 = t0.blend(t2.rearrange(SWAP2), BIT2);
        r2 = t0.rearrange(SWAP2).blend(t2, BIT2);
        r1 = t1.blend(t3.rearrange(SWAP2), BIT2);
        r3 = t1.rearrange(SWAP2).blend(t3, BIT2);
        r4 = t4.blend(t6.rearrange(SWAP2), BIT2);
        r6 = t4.rearrange(SWAP2).blend(t6, BIT2);
        r5 = t5.blend(t7.rearrange(SWAP2), BIT2);
        r7 = t5.rearrange(SWAP2).blend(t7, BIT2);
        r0.blend(r4.rearrange(SWAP4), BIT4).intoArray(dst, dOff);
        r1.blend(r5.rearrange(SWAP4), BIT4).intoArray(dst, dOff + dLd);
        r2.blend(r6.rearrange(SWAP4), BIT4).intoArray(dst, dOff + 2 * dLd);
        r3.blend(r7.rearrange(SWAP4), BIT4).intoArray(dst, dOff + 3 * dLd);
        r0.rearrange(SWAP4).blend(r4, BIT4).intoArray(dst, dOff + 4 * dLd);
        r1.rearrange(SWAP4).blend(r5, BIT4).intoArray(dst, dOff + 5 * dLd);
        r2.rearrange(SWAP4).blend(r6, BIT4).intoArray(dst, dOff + 6 * dLd);
        r3.rearrange(SWAP4).blend(r7, BIT4).intoArray(dst, dOff + 7 * dLd);
    }

    /**
     * dst[dOff + p·dLd + r] = src[sOff + r·sLd + p] for r, p &lt; 16: {@link #transpose8}'s
     * stages with 16 lanes, four of them. Pure data movement. 16-lane species only
     * ({@link #WIDE_TRANSPOSES}).
     */
    static void transpose16(float[] src, int sOff, int sLd, float[] dst, int dOff, int dLd) {
        FloatVector r0 = FloatVector.fromArray(S, src, sOff);
        FloatVector r1 = FloatVector.fromArray(S, src, sOff + sLd);
        FloatVector r2 = FloatVector.fromArray(S, src, sOff + 2 * sLd);
        FloatVector r3 = FloatVector.fromArray(S, src, sOff + 3 * sLd);
        FloatVector r4 = FloatVector.fromArray(S, src, sOff + 4 * sLd);
        FloatVector r5 = FloatVector.fromArray(S, src, sOff + 5 * sLd);
        FloatVector r6 = FloatVector.fromArray(S, src, sOff + 6 * sLd);
        FloatVector r7 = FloatVector.fromArray(S, src, sOff + 7 * sLd);
        FloatVector r8 = FloatVector.fromArray(S, src, sOff + 8 * sLd);
        FloatVector r9 = FloatVector.fromArray(S, src, sOff + 9 * sLd);
        FloatVector r10 = FloatVector.fromArray(S, src, sOff + 10 * sLd);
        FloatVector r11 = FloatVector.fromArray(S, src, sOff + 11 * sLd);
        FloatVector r12 = FloatVector.fromArray(S, src, sOff + 12 * sLd);
        FloatVector r13 = FloatVector.fromArray(S, src, sOff + 13 * sLd);
        FloatVector r14 = FloatVector.fromArray(S, src, sOff + 14 * sLd);
        FloatVector r15 = FloatVector.fromArray(S, src, sOff + 15 * sLd);
        FloatVector t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15;
        t0 = r0.blend(r1.rearrange(SWAP1), BIT1);
        t1 = r0.rearrange(SWAP1).blend(r1, BIT1);
        t2 = r2.blend(r3.rearrange(SWAP1), BIT1);
        t3 = r2.rearrange(SWAP1).blend(r3, BIT1);
        t4 = r4.blend(r5.rearrange(SWAP1), BIT1);
        t5 = r4.rearrange(SWAP1).blend(r5, BIT1);
        t6 = r6.blend(r7.rearrange(SWAP1), BIT1);
        t7 = r6.rearrange(SWAP1).blend(r7, BIT1);
        t8 = r8.blend(r9.rearrange(SWAP1), BIT1);
        t9 = r8.rearrange(SWAP1).blend(r9, BIT1);
        t10 = r10.blend(r11.rearrange(SWAP1), BIT1);
        t11 = r10.rearrange(SWAP1).blend(r11, BIT1);
        t12 = r12.blend(r13.rearrange(SWAP1), BIT1);
        t13 = r12.rearrange(SWAP1).blend(r13, BIT1);
        t14 = r14.blend(r15.rearrange(SWAP1), BIT1);
        t15 = r14.rearrange(SWAP1).blend(r15, BIT1);
        r0 = t0.blend(t2.rearrange(SWAP2), BIT2);
        r2 = t0.rearrange(SWAP2).blend(t2, BIT2);
        r1 = t1.blend(t3.rearrange(SWAP2), BIT2);
        r3 = t1.rearrange(SWAP2).blend(t3, BIT2);
        r4 = t4.blend(t6.rearrange(SWAP2), BIT2);
        r6 = t4.rearrange(SWAP2).blend(t6, BIT2);
        r5 = t5.blend(t7.rearrange(SWAP2), BIT2);
        r7 = t5.rearrange(SWAP2).blend(t7, BIT2);
        r8 = t8.blend(t10.rearrange(SWAP2), BIT2);
        r10 = t8.rearrange(SWAP2).blend(t10, BIT2);
        r9 = t9.blend(t11.rearrange(SWAP2), BIT2);
        r11 = t9.rearrange(SWAP2).blend(t11, BIT2);
        r12 = t12.blend(t14.rearrange(SWAP2), BIT2);
        r14 = t12.rearrange(SWAP2).blend(t14, BIT2);
        r13 = t13.blend(t15.rearrange(SWAP2), BIT2);
        r15 = t13.rearrange(SWAP2).blend(t15, BIT2);
        t0 = r0.blend(r4.rearrange(SWAP4), BIT4);
        t4 = r0.rearrange(SWAP4).blend(r4, BIT4);
        t1 = r1.blend(r5.rearrange(SWAP4), BIT4);
        t5 = r1.rearrange(SWAP4).blend(r5, BIT4);
        t2 = r2.blend(r6.rearrange(SWAP4), BIT4);
        t6 = r2.rearrange(SWAP4).blend(r6, BIT4);
        t3 = r3.blend(r7.rearrange(SWAP4), BIT4);
        t7 = r3.rearrange(SWAP4).blend(r7, BIT4);
        t8 = r8.blend(r12.rearrange(SWAP4), BIT4);
        t12 = r8.rearrange(SWAP4).blend(r12, BIT4);
        t9 = r9.blend(r13.rearrange(SWAP4), BIT4);
        t13 = r9.rearrange(SWAP4).blend(r13, BIT4);
        t10 = r10.blend(r14.rearrange(SWAP4), BIT4);
        t14 = r10.rearrange(SWAP4).blend(r14, BIT4);
        t11 = r11.blend(r15.rearrange(SWAP4), BIT4);
        t15 = r11.rearrange(SWAP4).blend(r15, BIT4);
        r0 = t0.blend(t8.rearrange(SWAP8), BIT8);
        r8 = t0.rearrange(SWAP8).blend(t8, BIT8);
        r1 = t1.blend(t9.rearrange(SWAP8), BIT8);
        r9 = t1.rearrange(SWAP8).blend(t9, BIT8);
        r2 = t2.blend(t10.rearrange(SWAP8), BIT8);
        r10 = t2.rearrange(SWAP8).blend(t10, BIT8);
        r3 = t3.blend(t11.rearrange(SWAP8), BIT8);
        r11 = t3.rearrange(SWAP8).blend(t11, BIT8);
        r4 = t4.blend(t12.rearrange(SWAP8), BIT8);
        r12 = t4.rearrange(SWAP8).blend(t12, BIT8);
        r5 = t5.blend(t13.rearrange(SWAP8), BIT8);
        r13 = t5.rearrange(SWAP8).blend(t13, BIT8);
        r6 = t6.blend(t14.rearrange(SWAP8), BIT8);
        r14 = t6.rearrange(SWAP8).blend(t14, BIT8);
        r7 = t7.blend(t15.rearrange(SWAP8), BIT8);
        r15 = t7.rearrange(SWAP8).blend(t15, BIT8);
        r0.intoArray(dst, dOff);
        r1.intoArray(dst, dOff + dLd);
        r2.intoArray(dst, dOff + 2 * dLd);
        r3.intoArray(dst, dOff + 3 * dLd);
        r4.intoArray(dst, dOff + 4 * dLd);
        r5.intoArray(dst, dOff + 5 * dLd);
        r6.intoArray(dst, dOff + 6 * dLd);
        r7.intoArray(dst, dOff + 7 * dLd);
        r8.intoArray(dst, dOff + 8 * dLd);
        r9.intoArray(dst, dOff + 9 * dLd);
        r10.intoArray(dst, dOff + 10 * dLd);
        r11.intoArray(dst, dOff + 11 * dLd);
        r12.intoArray(dst, dOff + 12 * dLd);
        r13.intoArray(dst, dOff + 13 * dLd);
        r14.intoArray(dst, dOff + 14 * dLd);
        r15.intoArray(dst, dOff + 15 * dLd);
    }

    /**
     * dst[dOff + p·8 + r] = src[sOff + r·sLd + p] for r &lt; 8, p &lt; 16: 8 rows of A into a
     * packed panel, two steps of p per vector. {@link #PAIRS} first puts steps 2j and 2j + 1 in
     * lanes j and 8 + j; then {@link #transpose8}'s three stages swap the row with the lane's low
     * three bits, so vector j holds steps 2j (low half) and 2j + 1 (high half) of all 8 rows. Pure
     * data movement. 16-lane species only ({@link #WIDE_TRANSPOSES}).
     */
    static void transpose8x16(float[] src, int sOff, int sLd, float[] dst, int dOff) {
        FloatVector r0 = FloatVector.fromArray(S, src, sOff).rearrange(PAIRS);
        FloatVector r1 = FloatVector.fromArray(S, src, sOff + sLd).rearrange(PAIRS);
        FloatVector r2 = FloatVector.fromArray(S, src, sOff + 2 * sLd).rearrange(PAIRS);
        FloatVector r3 = FloatVector.fromArray(S, src, sOff + 3 * sLd).rearrange(PAIRS);
        FloatVector r4 = FloatVector.fromArray(S, src, sOff + 4 * sLd).rearrange(PAIRS);
        FloatVector r5 = FloatVector.fromArray(S, src, sOff + 5 * sLd).rearrange(PAIRS);
        FloatVector r6 = FloatVector.fromArray(S, src, sOff + 6 * sLd).rearrange(PAIRS);
        FloatVector r7 = FloatVector.fromArray(S, src, sOff + 7 * sLd).rearrange(PAIRS);
        FloatVector t0, t1, t2, t3, t4, t5, t6, t7;
        t0 = r0.blend(r1.rearrange(SWAP1), BIT1);
        t1 = r0.rearrange(SWAP1).blend(r1, BIT1);
        t2 = r2.blend(r3.rearrange(SWAP1), BIT1);
        t3 = r2.rearrange(SWAP1).blend(r3, BIT1);
        t4 = r4.blend(r5.rearrange(SWAP1), BIT1);
        t5 = r4.rearrange(SWAP1).blend(r5, BIT1);
        t6 = r6.blend(r7.rearrange(SWAP1), BIT1);
        t7 = r6.rearrange(SWAP1).blend(r7, BIT1);
        r0 = t0.blend(t2.rearrange(SWAP2), BIT2);
        r2 = t0.rearrange(SWAP2).blend(t2, BIT2);
        r1 = t1.blend(t3.rearrange(SWAP2), BIT2);
        r3 = t1.rearrange(SWAP2).blend(t3, BIT2);
        r4 = t4.blend(t6.rearrange(SWAP2), BIT2);
        r6 = t4.rearrange(SWAP2).blend(t6, BIT2);
        r5 = t5.blend(t7.rearrange(SWAP2), BIT2);
        r7 = t5.rearrange(SWAP2).blend(t7, BIT2);
        t0 = r0.blend(r4.rearrange(SWAP4), BIT4);
        t4 = r0.rearrange(SWAP4).blend(r4, BIT4);
        t1 = r1.blend(r5.rearrange(SWAP4), BIT4);
        t5 = r1.rearrange(SWAP4).blend(r5, BIT4);
        t2 = r2.blend(r6.rearrange(SWAP4), BIT4);
        t6 = r2.rearrange(SWAP4).blend(r6, BIT4);
        t3 = r3.blend(r7.rearrange(SWAP4), BIT4);
        t7 = r3.rearrange(SWAP4).blend(r7, BIT4);
        t0.intoArray(dst, dOff);
        t1.intoArray(dst, dOff + 16);
        t2.intoArray(dst, dOff + 32);
        t3.intoArray(dst, dOff + 48);
        t4.intoArray(dst, dOff + 64);
        t5.intoArray(dst, dOff + 80);
        t6.intoArray(dst, dOff + 96);
        t7.intoArray(dst, dOff + 112);
    }
}
