package org.backprop4j.model;

import org.backprop4j.kernel.ParameterUpdates;

/**
 * Adam (Kingma &amp; Ba) as nnfs/PyTorch: bias-corrected moments, ε added after the square root of
 * v̂. Defaults: lr 1e-3, β1 0.9, β2 0.999, ε 1e-7 (nnfs; PyTorch uses 1e-8), decay 0.
 */
public class Adam extends Optimizer {
    protected float beta1 = 0.9f;
    protected float beta2 = 0.999f;
    protected float epsilon = 1e-7f;

    public Adam() {
        this(1e-3f);
    }

    public Adam(float learningRate) {
        super(learningRate);
    }

    @Override
    public Adam decay(float decay) {
        super.decay(decay);
        return this;
    }

    /** β1, β2 (defaults 0.9, 0.999). */
    public Adam betas(float beta1, float beta2) {
        this.beta1 = unitInterval("beta1", beta1);
        this.beta2 = unitInterval("beta2", beta2);
        return this;
    }

    /** ε (default 1e-7). */
    public Adam epsilon(float epsilon) {
        this.epsilon = positive("epsilon", epsilon);
        return this;
    }

    /** β1. */
    public float beta1() {
        return beta1;
    }

    /** β2. */
    public float beta2() {
        return beta2;
    }

    /** ε. */
    public float epsilon() {
        return epsilon;
    }

    /** Decoupled weight decay per unit learning rate (AdamW); 0 for Adam. */
    public float weightDecay() {
        return 0f;
    }

    @Override
    protected int slotCount() {
        return 2;
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, int off, int len, float lr, long t) {
        float corr1 = (float) (1 - Math.pow(beta1, t));
        float corr2 = (float) (1 - Math.pow(beta2, t));
        ParameterUpdates.adam(w, g, slots[0], slots[1], off, len, lr, beta1, beta2, epsilon,
                corr1, corr2, weightDecay());
    }
}
