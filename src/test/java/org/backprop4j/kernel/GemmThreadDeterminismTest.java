package org.backprop4j.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gemm documents bit-identical results for any pool. Checked here with raw float bits (the whole
 * C array, padding included) for the calling thread alone ({@code null} pool) and pools of
 * parallelism 1, 2, 3 and 4, on shapes large enough to be split (by rows when m &gt; n, by
 * columns otherwise), every transpose combination and every epilogue.
 *
 * <p>The JIT is warmed up first: the Vector API's sigmoid/tanh give different bits interpreted
 * and compiled (see {@link GemmJitDeterminismTest}, which fails on that); without the warm-up
 * this test would fail or pass depending on when C2 compiles BiasActivation, not on the thread
 * count it is about.
 */
class GemmThreadDeterminismTest {
    // the last two take the unpacked row path when B is not transposed (k <= 16), split by rows
    // and by columns
    private static final int[][] SHAPES = {{300, 400, 200}, {1000, 64, 300}, {64, 1000, 300},
            {2000, 1000, 8}, {64, 8000, 16}};
    private static final ForkJoinPool[] POOLS = new ForkJoinPool[5]; // index = parallelism
    private static float[] bias;

    @BeforeAll
    static void startPoolsAndWarmUp() {
        for (int p = 1; p <= 4; p++) {
            POOLS[p] = new ForkJoinPool(p);
        }
        bias = new float[8000 + 7];
        for (int j = 0; j < bias.length; j++) {
            bias[j] = (j % 13) * 0.125f - 0.75f;
        }
        // Every epilogue through every code path (full vectors and masked tails), on pools and
        // alone, until C2 has compiled it; no assertion depends on this loop.
        GemmOperands ops = GemmOperands.random(GemmCase.padded(false, false, 60, 75, 20, 1f, 1f, 1));
        for (int rep = 0; rep < 60; rep++) {
            for (Epilogue e : epilogues()) {
                ops.sgemm(e, rep % 2 == 0 ? null : POOLS[2]);
            }
        }
    }

    @AfterAll
    static void stopPools() {
        for (int p = 1; p <= 4; p++) {
            POOLS[p].shutdownNow();
        }
    }

    static List<Epilogue> epilogues() {
        List<Epilogue> out = new ArrayList<>();
        out.add(Epilogue.NONE);
        for (Activation act : Activation.values()) {
            out.add(Epilogue.of(bias, 7, act, 0.1f));
        }
        out.add(Epilogue.of(Activation.SIGMOID));
        return out;
    }

    record Split(GemmCase g, int epilogue) {
        Epilogue e() {
            return epilogues().get(epilogue);
        }

        @Override
        public String toString() {
            Epilogue e = e();
            return e.activation() + (e.bias() == null ? "" : " + bias") + " | " + g;
        }
    }

    static Stream<Split> splits() {
        List<Split> out = new ArrayList<>();
        long seed = 300;
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                GemmCase g = GemmCase.padded(t >= 2, t % 2 == 1, s[0], s[1], s[2], -0.75f, 1.5f,
                        seed++);
                for (int e = 0; e < 7; e++) {
                    out.add(new Split(g, e));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void everyThreadCountGivesTheSameBits(Split s) {
        GemmOperands ops = GemmOperands.random(s.g());
        float[] c0 = ops.c.clone();
        float[] alone = run(ops, c0, s.e(), null);
        GemmAssertions.assertWindowChanged(s.g(), c0, alone);
        for (int p = 1; p <= 4; p++) {
            GemmAssertions.assertSameBits("C on " + p + " threads vs the calling thread alone for "
                    + s, alone, run(ops, c0, s.e(), POOLS[p]));
        }
    }

    /** The threaded result is also the right one (not merely the same wrong one everywhere). */
    @Test
    void splitResultMatchesTheReference() {
        long seed = 400;
        for (int[] s : SHAPES) {
            GemmCase g = GemmCase.padded(false, true, s[0], s[1], s[2], -0.75f, 1.5f, seed++);
            GemmOperands ops = GemmOperands.random(g);
            double[] expected = ops.reference();
            double[] magnitude = ops.magnitude();
            ops.sgemm(Epilogue.NONE, POOLS[4]);
            GemmAssertions.assertWindowMatches("C on 4 threads", g, ops.c, expected,
                    e -> NaiveGemm.gemmBound(g.k(), magnitude[e]));
            ops.assertOutsideWindowUntouched();
        }
    }

    /**
     * Calls made from inside the pool (the task runs inline and forks to idle workers), several
     * at once so that workers steal slices of different calls: each still gives the bits of the
     * same call made alone.
     */
    @Test
    void concurrentCallsFromInsideThePoolGiveTheSameBits() {
        ForkJoinPool pool = POOLS[3];
        List<GemmOperands> problems = new ArrayList<>();
        List<float[]> alone = new ArrayList<>();
        long seed = 500;
        for (int[] s : SHAPES) {
            GemmOperands ops = GemmOperands.random(
                    GemmCase.padded(true, false, s[0], s[1], s[2], 1f, 0f, seed++));
            problems.add(ops);
            alone.add(run(ops, ops.c, epilogues().get(2), null));
        }
        List<float[]> results = new ArrayList<>();
        List<ForkJoinTask<?>> tasks = new ArrayList<>();
        for (GemmOperands ops : problems) {
            float[] c = ops.c.clone();
            results.add(c);
            tasks.add(pool.submit(() -> runInto(ops, c, epilogues().get(2), pool)));
        }
        for (int x = 0; x < tasks.size(); x++) {
            tasks.get(x).join();
            GemmAssertions.assertWindowChanged(problems.get(x).g, problems.get(x).c, results.get(x));
            GemmAssertions.assertSameBits("C of a call made inside the pool, concurrently with "
                    + "others, for " + problems.get(x).g, alone.get(x), results.get(x));
        }
    }

    /**
     * A {@link GemmWorkspace} reused call after call, over shapes that grow and shrink its packing
     * buffers, alone and on a pool: every call gives the bits of a fresh {@link Gemm#sgemm}.
     */
    @Test
    void aReusedGemmWorkspaceGivesTheBitsOfFreshCalls() {
        GemmWorkspace alone = new GemmWorkspace(null);
        GemmWorkspace onPool = new GemmWorkspace(POOLS[3]);
        long seed = 600;
        for (int round = 0; round < 2; round++) {
            for (int[] s : SHAPES) {
                for (int t = 0; t < 4; t++) {
                    GemmCase g = GemmCase.padded(t >= 2, t % 2 == 1, s[0], s[1], s[2], 1f, 0.5f, seed++);
                    GemmOperands ops = GemmOperands.random(g);
                    Epilogue e = epilogues().get(2);
                    float[] fresh = run(ops, ops.c, e, null);
                    for (GemmWorkspace ws : new GemmWorkspace[] {alone, onPool}) {
                        float[] c = ops.c.clone();
                        ws.sgemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), g.alpha(), ops.a, g.aOff(), g.lda(),
                                ops.b, g.bOff(), g.ldb(), g.beta(), c, g.cOff(), g.ldc(), e);
                        GemmAssertions.assertSameBits("C from a reused GemmWorkspace "
                                + (ws.pool() == null ? "alone" : "on 3 threads") + " for " + g, fresh, c);
                    }
                }
            }
        }
    }

    /** Runs on a copy of {@code cInit} and returns that copy. */
    private static float[] run(GemmOperands ops, float[] cInit, Epilogue e, ForkJoinPool pool) {
        float[] c = cInit.clone();
        runInto(ops, c, e, pool);
        return c;
    }

    private static void runInto(GemmOperands ops, float[] c, Epilogue e, ForkJoinPool pool) {
        GemmCase g = ops.g;
        Gemm.sgemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), g.alpha(), ops.a, g.aOff(), g.lda(),
                ops.b, g.bOff(), g.ldb(), g.beta(), c, g.cOff(), g.ldc(), e, pool);
    }
}
