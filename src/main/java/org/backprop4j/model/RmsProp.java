package org.backprop4j.model;

import org.backprop4j.kernel.ParameterUpdates;

/**
 * RMSprop as nnfs: {@code c ← ρ·c + (1−ρ)·g²; w ← w − lr·g/(√c + ε)}. Defaults: lr 1e-3, ρ 0.9,
 * ε 1e-7, decay 0. State: one slot, the cache c.
 */
public class RmsProp extends Optimizer {

    /** RMSprop's settings, in model-file order. */
    public record Settings(float learningRate, float decay, float rho, float epsilon) implements Optimizer.Settings {
        public Settings {
            checkSchedule(learningRate, decay);
            unitInterval("rho", rho);
            positive("epsilon", epsilon);
        }

        @Override
        public String name() {
            return "rmsprop";
        }

        @Override
        public RmsProp build() {
            return new RmsProp(this);
        }
    }

    public RmsProp() {
        this(1e-3f);
    }

    public RmsProp(float learningRate) {
        this(new Settings(learningRate, 0f, 0.9f, 1e-7f));
    }

    private RmsProp(Settings settings) {
        super(settings);
    }

    @Override
    public Settings settings() {
        return (Settings) super.settings();
    }

    @Override
    public RmsProp decay(float decay) {
        super.decay(decay);
        return this;
    }

    /** ρ (default 0.9). */
    public RmsProp rho(float rho) {
        change(with(settings(), "rho", rho));
        return this;
    }

    /** ε (default 1e-7). */
    public RmsProp epsilon(float epsilon) {
        change(with(settings(), "epsilon", epsilon));
        return this;
    }

    /** ρ. */
    public float rho() {
        return settings().rho();
    }

    /** ε. */
    public float epsilon() {
        return settings().epsilon();
    }

    @Override
    protected int slotCount() {
        return 1;
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, int off, int len, float lr, long t) {
        ParameterUpdates.rmsProp(w, g, slots[0], off, len, lr, rho(), epsilon());
    }
}
