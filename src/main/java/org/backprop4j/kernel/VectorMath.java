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

    private VectorMath() {
    }

    /** e^x per lane. */
    public static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(MIN_ARG).min(MAX_ARG);
        FloatVector t = xc.fma(LOG2E, ROUND);            // n + ROUND, rounded to nearest
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), xc).add(n.mul(-LN2_LO)); // x − n·ln2 in two parts
        FloatVector p = r.fma(1.9875691500E-4f, 1.3981999507E-3f);
        p = p.fma(r, FloatVector.broadcast(S, 8.3334519073E-3f));
        p = p.fma(r, FloatVector.broadcast(S, 4.1665795894E-2f));
        p = p.fma(r, FloatVector.broadcast(S, 1.6666665459E-1f));
        p = p.fma(r, FloatVector.broadcast(S, 5.0000001201E-1f));
        FloatVector er = p.mul(r.mul(r)).add(r).add(1f);
        IntVector bits = (IntVector) t.reinterpretAsInts();
        FloatVector twoN = bits.sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        FloatVector result = er.mul(twoN);
        // Outside the range e^x is +Inf or 0; NaN stays NaN (max/min would have replaced it).
        result = result.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, MAX_ARG));
        result = result.blend(0f, x.compare(VectorOperators.LT, MIN_ARG));
        return result.blend(x, x.test(VectorOperators.IS_NAN));
    }

    /** 1 / (1 + e^-x) per lane. */
    public static FloatVector sigmoid(FloatVector x) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        return Subnormals.flush(one.div(exp(x.neg()).add(one))); // x in [−88.4, −87.3]: 1/e^-x is subnormal
    }

    /**
     * tanh per lane, after Cephes {@code tanhf}: an odd polynomial for |x| &lt; 0.625 (where
     * 1 − 2/(e^2x + 1) would cancel), and 1 − 2/(e^{2|x|} + 1) with the sign restored above.
     */
    public static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector z = x.mul(x);
        FloatVector p = z.fma(-5.70498872745E-3f, 2.06390887954E-2f);
        p = p.fma(z, FloatVector.broadcast(S, -5.37397155531E-2f));
        p = p.fma(z, FloatVector.broadcast(S, 1.33314422036E-1f));
        p = p.fma(z, FloatVector.broadcast(S, -3.33332819422E-1f));
        FloatVector small = p.mul(z).fma(x, x);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector large = one.sub(FloatVector.broadcast(S, 2f).div(exp(ax.add(ax)).add(one)));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        VectorMask<Float> useSmall = ax.compare(VectorOperators.LT, 0.625f);
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
        return Subnormals.flush(1f / (exp(-x) + 1f));
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
        float large = 1f - 2f / (exp(ax + ax) + 1f);
        return x < 0f ? -large : large;
    }
}
