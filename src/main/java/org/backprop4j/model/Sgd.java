package org.backprop4j.model;

import org.backprop4j.kernel.ParameterUpdates;

/**
 * Stochastic gradient descent, PyTorch form: {@code v ← μ·v + g; w ← w − lr·v} (Nesterov:
 * {@code w ← w − lr·(g + μ·v)}). Defaults: momentum 0 (plain {@code w ← w − lr·g}), no Nesterov,
 * decay 0. nnfs's {@code v ← μ·v − lr·g} is the same update when lr is constant.
 */
public class Sgd extends Optimizer {
    private float momentum;
    private boolean nesterov;

    public Sgd(float learningRate) {
        super(learningRate);
    }

    @Override
    public Sgd decay(float decay) {
        super.decay(decay);
        return this;
    }

    /** Momentum μ in [0, 1) (default 0). */
    public Sgd momentum(float momentum) {
        this.momentum = unitInterval("momentum", momentum);
        return this;
    }

    /** Nesterov momentum (default off). */
    /** μ (0: plain SGD). */
    public float momentum() {
        return momentum;
    }

    /** Whether the momentum step is Nesterov's. */
    public boolean nesterov() {
        return nesterov;
    }

    public Sgd nesterov(boolean nesterov) {
        this.nesterov = nesterov;
        return this;
    }

    @Override
    protected int slotCount() {
        return momentum == 0f ? 0 : 1;
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, int off, int len, float lr, long t) {
        ParameterUpdates.sgd(w, g, slots.length == 0 ? null : slots[0], off, len, lr, momentum, nesterov);
    }
}
