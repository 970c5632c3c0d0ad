package org.backprop4j.model;

import org.backprop4j.kernel.ParameterUpdates;

/**
 * Adam (Kingma &amp; Ba) as nnfs/PyTorch: bias-corrected moments, ε added after the square root of
 * v̂. Defaults: lr 1e-3, β1 0.9, β2 0.999, ε 1e-7 (nnfs; PyTorch uses 1e-8), decay 0. State: two
 * slots, m then v.
 */
public class Adam extends Optimizer {

    /** What Adam and {@link AdamW} settings share; Adam's weight decay is 0. */
    public interface Moments extends Optimizer.Settings {
        float beta1();

        float beta2();

        float epsilon();

        /** Decoupled weight decay per unit learning rate (AdamW); 0 for Adam. */
        float weightDecay();
    }

    /** Adam's settings, in model-file order. */
    public record Settings(float learningRate, float decay, float beta1, float beta2, float epsilon)
            implements Moments {
        public Settings {
            checkSchedule(learningRate, decay);
            unitInterval("beta1", beta1);
            unitInterval("beta2", beta2);
            positive("epsilon", epsilon);
        }

        @Override
        public String name() {
            return "adam";
        }

        @Override
        public float weightDecay() {
            return 0f;
        }

        @Override
        public Adam build() {
            return new Adam(this);
        }
    }

    public Adam() {
        this(1e-3f);
    }

    public Adam(float learningRate) {
        this(new Settings(learningRate, 0f, 0.9f, 0.999f, 1e-7f));
    }

    /** An Adam-family optimiser with {@code settings} and no state. */
    protected Adam(Moments settings) {
        super(settings);
    }

    @Override
    public Moments settings() {
        return (Moments) super.settings();
    }

    @Override
    public Adam decay(float decay) {
        super.decay(decay);
        return this;
    }

    /** β1, β2 (defaults 0.9, 0.999). */
    public Adam betas(float beta1, float beta2) {
        change(with(with(settings(), "beta1", beta1), "beta2", beta2));
        return this;
    }

    /** ε (default 1e-7). */
    public Adam epsilon(float epsilon) {
        change(with(settings(), "epsilon", epsilon));
        return this;
    }

    /** β1. */
    public float beta1() {
        return settings().beta1();
    }

    /** β2. */
    public float beta2() {
        return settings().beta2();
    }

    /** ε. */
    public float epsilon() {
        return settings().epsilon();
    }

    /** Decoupled weight decay per unit learning rate (AdamW); 0 for Adam. */
    public float weightDecay() {
        return settings().weightDecay();
    }

    @Override
    protected int slotCount() {
        return 2;
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, int off, int len, float lr, long t) {
        Moments s = settings();
        float corr1 = (float) (1 - Math.pow(s.beta1(), t));
        float corr2 = (float) (1 - Math.pow(s.beta2(), t));
        ParameterUpdates.adam(w, g, slots[0], slots[1], off, len, lr, s.beta1(), s.beta2(), s.epsilon(),
                corr1, corr2, s.weightDecay());
    }
}
