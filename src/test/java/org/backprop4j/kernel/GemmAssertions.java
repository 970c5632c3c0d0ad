package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/** Element-wise checks that report the case and the first few offending elements. */
final class GemmAssertions {
    private static final int SHOWN = 6;

    private GemmAssertions() {
    }

    /**
     * Every element of the C window has the reference's class (NaN, +Inf, −Inf or finite) and,
     * when finite, lies within {@code bound} of it.
     *
     * @param expected m×n dense reference
     * @param bound    allowed |C − expected| for element {@code i·n + j}
     */
    static void assertWindowMatches(String what, GemmCase g, float[] c, double[] expected,
                                    IntToDoubleFunction bound) {
        List<String> bad = mismatches(g, c, expected, bound);
        if (!bad.isEmpty()) {
            fail(what + " differs from the reference in " + bad.size() + " of " + g.m() * g.n()
                    + " elements for " + g + "; first: " + String.join("; ",
                    bad.subList(0, Math.min(SHOWN, bad.size()))));
        }
    }

    /** The same check as {@link #assertWindowMatches}, returning the offending elements. */
    static List<String> mismatches(GemmCase g, float[] c, double[] expected,
                                   IntToDoubleFunction bound) {
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < g.m(); i++) {
            for (int j = 0; j < g.n(); j++) {
                int e = i * g.n() + j;
                float got = c[g.cIndex(i, j)];
                double want = expected[e];
                boolean ok;
                double tol = Double.NaN;
                if (Double.isNaN(want)) {
                    ok = Float.isNaN(got);
                } else if (Double.isInfinite(want)) {
                    ok = got == want;
                } else {
                    tol = bound.applyAsDouble(e);
                    ok = Float.isFinite(got) && Math.abs(got - want) <= tol;
                }
                if (!ok) {
                    bad.add("C[" + i + "][" + j + "] got " + got + " expected " + want
                            + (Double.isNaN(tol) ? "" : " ± " + tol
                            + " (off by " + Math.abs(got - want) + ")"));
                }
            }
        }
        return bad;
    }

    /** C outside the m×n window (before cOff, row padding from ldc > n, tail) keeps its bits. */
    static void assertOutsideWindowUntouched(GemmCase g, float[] before, float[] after) {
        List<String> bad = new ArrayList<>();
        for (int x = 0; x < before.length; x++) {
            if (!g.inCWindow(x)
                    && Float.floatToRawIntBits(before[x]) != Float.floatToRawIntBits(after[x])) {
                bad.add("c[" + x + "] " + before[x] + " -> " + after[x]);
            }
        }
        if (!bad.isEmpty()) {
            fail("C written outside the m×n window at " + bad.size() + " elements for " + g
                    + "; first: " + String.join("; ", bad.subList(0, Math.min(SHOWN, bad.size()))));
        }
    }

    /** Raw-bit equality (distinguishes −0 from 0 and NaN payloads). */
    static void assertSameBits(String what, float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            fail(what + ": lengths " + expected.length + " and " + actual.length);
        }
        int count = 0;
        StringBuilder first = new StringBuilder();
        for (int x = 0; x < expected.length; x++) {
            if (Float.floatToRawIntBits(expected[x]) != Float.floatToRawIntBits(actual[x])) {
                if (count++ < SHOWN) {
                    first.append(" [").append(x).append("] ").append(expected[x]).append(" vs ")
                            .append(actual[x]).append(';');
                }
            }
        }
        if (count > 0) {
            fail(what + ": " + count + " of " + expected.length + " elements differ in their bits;"
                    + first);
        }
    }

    /** Guards comparisons of two results against both being the untouched input. */
    static void assertWindowChanged(GemmCase g, float[] before, float[] after) {
        for (int i = 0; i < g.m(); i++) {
            for (int j = 0; j < g.n(); j++) {
                int x = g.cIndex(i, j);
                if (Float.floatToRawIntBits(before[x]) != Float.floatToRawIntBits(after[x])) {
                    return;
                }
            }
        }
        fail("C window not written at all for " + g);
    }
}
