package org.backprop4j.model;

import org.backprop4j.kernel.ParameterUpdates;

/** RMSprop as nnfs: {@code c ← ρ·c + (1−ρ)·g²; w ← w − lr·g/(√c + ε)}. Defaults: lr 1e-3, ρ 0.9, ε 1e-7, decay 0. */
public class RmsProp extends Optimizer {
    private float rho = 0.9f;
    private float epsilon = 1e-7f;

    public RmsProp() {
        this(1e-3f);
    }

    public RmsProp(float learningRate) {
        super(learningRate);
    }

    @Override
    public RmsProp decay(float decay) {
        super.decay(decay);
        return this;
    }

    /** ρ (default 0.9). */
    public RmsProp rho(float rho) {
        this.rho = unitInterval("rho", rho);
        return this;
    }

    /** ε (default 1e-7). */
    /** ρ. */
    public float rho() {
        return rho;
    }

    /** ε. */
    public float epsilon() {
        return epsilon;
    }

    public RmsProp epsilon(float epsilon) {
        this.epsilon = positive("epsilon", epsilon);
        return this;
    }

    @Override
    protected int slotCount() {
        return 1;
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, int off, int len, float lr, long t) {
        ParameterUpdates.rmsProp(w, g, slots[0], off, len, lr, rho, epsilon);
    }
}
