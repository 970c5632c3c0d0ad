package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, sigmoid and tanh on float vectors, built only from IEEE-exact operations (add, mul, fma,
 * div, integer bit moves). The Vector API's own {@code lanewise(EXP/TANH)} runs an SVML intrinsic
 * once C2 has compiled the loop and a per-lane Java fallback before, and the two differ in the
 * last bits: a training run would then depend on when the JIT got to it (the nnfs spiral ended
 * at 0.875 or 0.955 accuracy for one seed). Every operation here gives the same bits
 * interpreted, C1- or C2-compiled, and in every lane position. Each vector function has a
 * scalar twin doing the same operations in the same order (fma where the vector code fuses), so a
 * row's tail computed one element at a time gets the bits its vector body would have.
 *
 * <p>exp follows Cephes {@code expf}: x = n·ln2 + r with |r| ≤ ln2/2, a degree-6 polynomial for
 * e^r, then 2^n assembled in the exponent bits; about 1 ulp over the clamped range
 * [−87.3, 88.376] (below it 0 instead of a subnormal; above it +Inf, also where e^x would
 * still be just below Float.MAX_VALUE, which no activation needs).
 */
public final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2^23: adding it rounds a float to the nearest integer, kept in the low mantissa bits. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = 0x4B400000;
    private static final float MIN_ARG = -87.3f;
    /** Up to 127.5·ln 2, so that 2^n stays a normal float (n ≤ 127). */
    private static final float MAX_ARG = 88.37626f;
    /** tanh's cap on 2|x|: 1 − 2/(e^20 + 1) rounds to 1. */
    private static final float TANH_ARG_CAP = 20f;

    private VectorMath() {
    }

    // The constants as vectors, made once: each scalar overload (fma(float, float), max(float),
    // blend(float, m)) makes C2 inline a broadcast chain as well, and a loop calling exp, sigmoid
    // or tanh is near C2's inlining budget (NodeCountInliningCutoff); over it, a call left out
    // boxes its vectors (a sigmoid layer then allocated 12 bytes per element, AllocationTest).
    private static final FloatVector ZERO = FloatVector.zero(S);
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final FloatVector TWO = FloatVector.broadcast(S, 2f);
    private static final FloatVector INFINITY = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
    private static final FloatVector MIN_ARG_V = FloatVector.broadcast(S, MIN_ARG);
    private static final FloatVector MAX_ARG_V = FloatVector.broadcast(S, MAX_ARG);
    private static final FloatVector LOG2E_V = FloatVector.broadcast(S, LOG2E);
    private static final FloatVector ROUND_V = FloatVector.broadcast(S, ROUND);
    private static final FloatVector MINUS_LN2_HI = FloatVector.broadcast(S, -LN2_HI);
    private static final FloatVector MINUS_LN2_LO = FloatVector.broadcast(S, -LN2_LO);
    private static final FloatVector EXP_P0 = FloatVector.broadcast(S, 1.9875691500E-4f);
    private static final FloatVector EXP_P1 = FloatVector.broadcast(S, 1.3981999507E-3f);
    private static final FloatVector EXP_P2 = FloatVector.broadcast(S, 8.3334519073E-3f);
    private static final FloatVector EXP_P3 = FloatVector.broadcast(S, 4.1665795894E-2f);
    private static final FloatVector EXP_P4 = FloatVector.broadcast(S, 1.6666665459E-1f);
    private static final FloatVector EXP_P5 = FloatVector.broadcast(S, 5.0000001201E-1f);
    private static final FloatVector TANH_P0 = FloatVector.broadcast(S, -5.70498872745E-3f);
    private static final FloatVector TANH_P1 = FloatVector.broadcast(S, 2.06390887954E-2f);
    private static final FloatVector TANH_P2 = FloatVector.broadcast(S, -5.37397155531E-2f);
    private static final FloatVector TANH_P3 = FloatVector.broadcast(S, 1.33314422036E-1f);
    private static final FloatVector TANH_P4 = FloatVector.broadcast(S, -3.33332819422E-1f);
    private static final FloatVector TANH_SMALL = FloatVector.broadcast(S, 0.625f);
    private static final FloatVector TANH_ARG_CAP_V = FloatVector.broadcast(S, TANH_ARG_CAP);

    /**
     * e^x per lane, over the whole float range. sigmoid and tanh call its core
     * ({@code expInRange}) with bounds of their own; this checked form, and its scalar twin, are
     * what the tests hold that core to.
     */
    public static FloatVector exp(FloatVector x) {
        FloatVector result = expInRange(x.max(MIN_ARG_V).min(MAX_ARG_V));
        // Outside the range e^x is +Inf or 0; NaN stays NaN (max/min would have replaced it).
        result = result.blend(INFINITY, x.compare(VectorOperators.GT, MAX_ARG_V));
        result = result.blend(ZERO, x.compare(VectorOperators.LT, MIN_ARG_V));
        // x ≠ x: NaN, as test(IS_NAN), which costs C2 several times the inlining
        return result.blend(x, x.compare(VectorOperators.NE, x));
    }

    /** e^x for x in [MIN_ARG, MAX_ARG] (NaN gives NaN): exp without its range checks. */
    private static FloatVector expInRange(FloatVector x) {
        FloatVector t = x.fma(LOG2E_V, ROUND_V);             // n + ROUND, rounded to nearest
        FloatVector n = t.sub(ROUND_V);
        FloatVector r = n.fma(MINUS_LN2_HI, x).add(n.mul(MINUS_LN2_LO)); // x − n·ln2 in two parts
        FloatVector p = r.fma(EXP_P0, EXP_P1);
        p = p.fma(r, EXP_P2);
        p = p.fma(r, EXP_P3);
        p = p.fma(r, EXP_P4);
        p = p.fma(r, EXP_P5);
        FloatVector er = p.mul(r.mul(r)).add(r).add(ONE);
        IntVector bits = (IntVector) t.reinterpretAsInts();
        FloatVector twoN = bits.sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return er.mul(twoN);
    }

    /**
     * 1 / (1 + e^-x) per lane. −x is clamped to exp's range instead of checked: beyond it the
     * result is 1 (e^-x below 2^-126 vanishes beside 1) or flushed to 0 (1/e^-x subnormal), the
     * bits the checked exp gives, with three compares and blends fewer.
     */
    public static FloatVector sigmoid(FloatVector x) {
        FloatVector e = expInRange(x.neg().max(MIN_ARG_V).min(MAX_ARG_V));
        return Subnormals.flush(ONE.div(e.add(ONE))); // x below about −87.3: 1/e^-x is subnormal
    }

    /**
     * tanh per lane, after Cephes {@code tanhf}: an odd polynomial for |x| &lt; 0.625 (where
     * 1 − 2/(e^2x + 1) would cancel), and 1 − 2/(e^{2|x|} + 1) with the sign restored above.
     * 2|x| is capped at {@value #TANH_ARG_CAP}, where that already rounds to 1 (2/(e^20 + 1) &lt;
     * 2^-27): the result's bits are those of the uncapped formula, exp needs no range checks, and
     * 2/(e^2|x| + 1) is never subnormal. With exp's three compares and blends gone, JDK 17's C2
     * also keeps the vectors' class through {@code BiasActivation}'s tanh loop: before, it lost it
     * at the final store in about a quarter of fresh JVMs and boxed every vector
     * ({@code ActivationAfterReluAllocationTest}).
     */
    public static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector z = x.mul(x);
        FloatVector p = z.fma(TANH_P0, TANH_P1);
        p = p.fma(z, TANH_P2);
        p = p.fma(z, TANH_P3);
        p = p.fma(z, TANH_P4);
        FloatVector small = p.mul(z).fma(x, x);
        FloatVector large = ONE.sub(TWO.div(expInRange(ax.add(ax).min(TANH_ARG_CAP_V)).add(ONE)));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, ZERO));
        VectorMask<Float> useSmall = ax.compare(VectorOperators.LT, TANH_SMALL);
        return large.blend(small, useSmall);
    }

    // ---- scalar twins: the same operations, one element ------------------------------------

    /** e^x, bit-identical to a lane of {@link #exp(FloatVector)}. */
    public static float exp(float x) {
        if (Float.isNaN(x)) {
            return x;
        }
        if (x > MAX_ARG) {
            return Float.POSITIVE_INFINITY;
        }
        if (x < MIN_ARG) {
            return 0f;
        }
        return expInRange(x);
    }

    private static float expInRange(float x) {
        float t = Math.fma(x, LOG2E, ROUND);
        float n = t - ROUND;
        float r = Math.fma(n, -LN2_HI, x) + n * -LN2_LO;
        float p = Math.fma(r, 1.9875691500E-4f, 1.3981999507E-3f);
        p = Math.fma(p, r, 8.3334519073E-3f);
        p = Math.fma(p, r, 4.1665795894E-2f);
        p = Math.fma(p, r, 1.6666665459E-1f);
        p = Math.fma(p, r, 5.0000001201E-1f);
        float er = p * (r * r) + r + 1f;
        float twoN = Float.intBitsToFloat((Float.floatToRawIntBits(t) - (ROUND_BITS - 127)) << 23);
        return er * twoN;
    }

    /** 1 / (1 + e^-x), bit-identical to a lane of {@link #sigmoid(FloatVector)}. */
    public static float sigmoid(float x) {
        return Subnormals.flush(1f / (expInRange(Math.min(Math.max(-x, MIN_ARG), MAX_ARG)) + 1f));
    }

    /** tanh x, bit-identical to a lane of {@link #tanh(FloatVector)}. */
    public static float tanh(float x) {
        float ax = Math.abs(x);
        if (ax < 0.625f) {
            float z = x * x;
            float p = Math.fma(z, -5.70498872745E-3f, 2.06390887954E-2f);
            p = Math.fma(p, z, -5.37397155531E-2f);
            p = Math.fma(p, z, 1.33314422036E-1f);
            p = Math.fma(p, z, -3.33332819422E-1f);
            return Math.fma(p * z, x, x);
        }
        float large = 1f - 2f / (expInRange(Math.min(ax + ax, TANH_ARG_CAP)) + 1f);
        return x < 0f ? -large : large;
    }
}
