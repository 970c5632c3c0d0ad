package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static org.backprop4j.kernel.Subnormals.flush;

/**
 * Optimiser updates and regularisation, each one vectorised pass over a parameter range
 * {@code [off, off + len)} of the flat weight, gradient and state buffers. Scalar tails repeat
 * the vector arithmetic (fma included), so an element's result does not depend on its position.
 *
 * <p>No update stores a subnormal: every state value (moments, velocity, cache) and every weight
 * with a magnitude below {@code Float.MIN_NORMAL} is stored as 0 ({@link Subnormals}), since a
 * moment whose gradient has become exactly zero would otherwise decay through the subnormal range
 * (β1 = 0.9: ~800 steps after the gradient stops) and slow every later step on Intel cores. The
 * effect on an update is negligible: flushing m moves an Adam step by at most
 * lr·MIN_NORMAL/(corr1·ε) (1.2e-33 at step 1, lr 1e-3, ε 1e-7; below a weight's float resolution
 * unless |w| < ~1e-26); flushing v or an RMSprop or Adagrad cache changes its square root by
 * less than 1.1e-19, far below ε; flushing a weight moves it by less than MIN_NORMAL.
 */
public final class ParameterUpdates {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /**
     * Ranges shorter than this run the scalar loop alone (the same bits per element). These functions
     * run once per training step; with a small model that is too seldom for the JIT to compile the
     * vector loop before hundreds of steps have run it as slow interpreted Vector API code (about
     * 0.4 µs per element), while scalar code is fast from the first steps. Long ranges get the
     * loop compiled on the stack within a few steps.
     */
    static final int SCALAR_BELOW = 2048;

    private ParameterUpdates() {
    }

    /** End of the vector part of [off, off + len): none for a short range. */
    private static int vectorEnd(int off, int len) {
        return len < SCALAR_BELOW ? off : off + S.loopBound(len);
    }

    /**
     * Adam / AdamW, moments and weights together:
     * <pre>
     * w ← w·(1 − lr·weightDecay)                       (AdamW's decoupled decay; 0 for Adam)
     * m ← β1·m + (1−β1)·g ;  v ← β2·v + (1−β2)·g²
     * w ← w − lr · (m / corr1) / (√(v / corr2) + ε)     ε after the root of v̂ (PyTorch, nnfs)
     * </pre>
     * with {@code corr1 = 1 − β1^t}, {@code corr2 = 1 − β2^t} for step t (1-based).
     */
    public static void adam(float[] w, float[] g, float[] m, float[] v, int off, int len,
                            float lr, float beta1, float beta2, float eps,
                            float corr1, float corr2, float weightDecay) {
        float keep = 1f - lr * weightDecay;
        float b1c = 1f - beta1;
        float b2c = 1f - beta2;
        float inv1 = 1f / corr1;
        float inv2 = 1f / corr2;
        int end = off + len;
        int i = off;
        for (int bound = vectorEnd(off, len); i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = flush(FloatVector.fromArray(S, m, i).mul(beta1).add(gv.mul(b1c)));
            FloatVector vv = flush(FloatVector.fromArray(S, v, i).mul(beta2).add(gv.mul(gv).mul(b2c)));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector step = mv.mul(inv1).div(vv.mul(inv2).lanewise(VectorOperators.SQRT).add(eps));
            flush(FloatVector.fromArray(S, w, i).mul(keep).sub(step.mul(lr))).intoArray(w, i);
        }
        for (; i < end; i++) {
            float gi = g[i];
            float mi = flush(m[i] * beta1 + gi * b1c);
            float vi = flush(v[i] * beta2 + gi * gi * b2c);
            m[i] = mi;
            v[i] = vi;
            float step = mi * inv1 / ((float) Math.sqrt(vi * inv2) + eps);
            w[i] = flush(w[i] * keep - step * lr);
        }
    }

    /**
     * SGD (PyTorch form). momentum 0: {@code w ← w − lr·g} (velocity unused, may be null).
     * Otherwise {@code vel ← μ·vel + g}, then {@code w ← w − lr·vel}, or with Nesterov
     * {@code w ← w − lr·(g + μ·vel)}.
     */
    public static void sgd(float[] w, float[] g, float[] vel, int off, int len,
                           float lr, float momentum, boolean nesterov) {
        int end = off + len;
        int i = off;
        int bound = vectorEnd(off, len);
        if (momentum == 0f) {
            for (; i < bound; i += L) {
                flush(FloatVector.fromArray(S, w, i).sub(FloatVector.fromArray(S, g, i).mul(lr))).intoArray(w, i);
            }
            for (; i < end; i++) {
                w[i] = flush(w[i] - g[i] * lr);
            }
            return;
        }
        for (; i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector vv = flush(FloatVector.fromArray(S, vel, i).mul(momentum).add(gv));
            vv.intoArray(vel, i);
            FloatVector dir = nesterov ? gv.add(vv.mul(momentum)) : vv;
            flush(FloatVector.fromArray(S, w, i).sub(dir.mul(lr))).intoArray(w, i);
        }
        for (; i < end; i++) {
            float vi = flush(vel[i] * momentum + g[i]);
            vel[i] = vi;
            float dir = nesterov ? g[i] + vi * momentum : vi;
            w[i] = flush(w[i] - dir * lr);
        }
    }

    /** RMSprop (nnfs): {@code c ← ρ·c + (1−ρ)·g²;  w ← w − lr·g / (√c + ε)}. */
    public static void rmsProp(float[] w, float[] g, float[] cache, int off, int len,
                               float lr, float rho, float eps) {
        cacheScaled(w, g, cache, off, len, lr, rho, 1f - rho, eps);
    }

    /** Adagrad (nnfs): {@code c ← c + g²;  w ← w − lr·g / (√c + ε)}. */
    public static void adagrad(float[] w, float[] g, float[] cache, int off, int len, float lr, float eps) {
        cacheScaled(w, g, cache, off, len, lr, 1f, 1f, eps); // ×1 is exact: c + g², bit for bit
    }

    /** {@code c ← keep·c + add·g²;  w ← w − lr·g / (√c + ε)}: RMSprop and Adagrad. */
    private static void cacheScaled(float[] w, float[] g, float[] cache, int off, int len,
                                    float lr, float keep, float add, float eps) {
        int end = off + len;
        int i = off;
        for (int bound = vectorEnd(off, len); i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector cv = flush(FloatVector.fromArray(S, cache, i).mul(keep).add(gv.mul(gv).mul(add)));
            cv.intoArray(cache, i);
            FloatVector step = gv.div(cv.lanewise(VectorOperators.SQRT).add(eps));
            flush(FloatVector.fromArray(S, w, i).sub(step.mul(lr))).intoArray(w, i);
        }
        for (; i < end; i++) {
            float gi = g[i];
            float ci = flush(cache[i] * keep + gi * gi * add);
            cache[i] = ci;
            w[i] = flush(w[i] - gi / ((float) Math.sqrt(ci) + eps) * lr);
        }
    }

    /**
     * Adds the L1/L2 penalty gradient to g, {@code g += l1·sign(w) + 2·l2·w} (sign(0) = +1, as
     * nnfs), and returns the penalty {@code l1·Σ|w| + l2·Σw²} of the same weights, in one pass
     * (summed in double for a short range, in float lanes for a long one: a reported value only).
     */
    public static double regularize(float[] w, float[] g, int off, int len, float l1, float l2) {
        float l2x2 = 2f * l2;
        int end = off + len;
        int i = off;
        double sumAbs = 0;
        double sumSq = 0;
        int bound = vectorEnd(off, len);
        if (bound > off) {
            FloatVector abs = FloatVector.zero(S);
            FloatVector sq = FloatVector.zero(S);
            for (; i < bound; i += L) {
                FloatVector wv = FloatVector.fromArray(S, w, i);
                FloatVector sign = FloatVector.broadcast(S, l1).blend(-l1, wv.compare(VectorOperators.LT, 0f));
                FloatVector.fromArray(S, g, i).add(sign).add(wv.mul(l2x2)).intoArray(g, i);
                abs = abs.add(wv.abs());
                sq = sq.add(wv.mul(wv));
            }
            float[] lanes = Lanes.scratch();
            sumAbs = Lanes.sum(abs, lanes);
            sumSq = Lanes.sum(sq, lanes);
        }
        for (; i < end; i++) {
            float wi = w[i];
            g[i] = g[i] + (wi < 0f ? -l1 : l1) + wi * l2x2;
            sumAbs += Math.abs(wi);
            sumSq += wi * wi;
        }
        return l1 * sumAbs + l2 * sumSq;
    }

    /** The penalty {@code l1·Σ|w| + l2·Σw²} alone (for evaluation, no gradient). */
    public static double penalty(float[] w, int off, int len, float l1, float l2) {
        double sumAbs = 0;
        double sumSq = 0;
        for (int i = off, end = off + len; i < end; i++) {
            sumAbs += Math.abs(w[i]);
            sumSq += (double) w[i] * w[i];
        }
        return l1 * sumAbs + l2 * sumSq;
    }
}
