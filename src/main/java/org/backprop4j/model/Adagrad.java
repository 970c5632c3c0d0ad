package org.backprop4j.model;

import org.backprop4j.kernel.ParameterUpdates;

/**
 * Adagrad as nnfs: {@code c ← c + g²; w ← w − lr·g/(√c + ε)}, so each parameter's step shrinks
 * with the gradients it has seen. Defaults (nnfs): lr 1, ε 1e-7, decay 0. State: one slot, the
 * cache c.
 */
public class Adagrad extends Optimizer {

    /** Adagrad's settings, in model-file order. */
    public record Settings(float learningRate, float decay, float epsilon) implements Optimizer.Settings {
        public Settings {
            checkSchedule(learningRate, decay);
            positive("epsilon", epsilon);
        }

        @Override
        public String name() {
            return "adagrad";
        }

        @Override
        public Adagrad build() {
            return new Adagrad(this);
        }
    }

    public Adagrad() {
        this(1f);
    }

    public Adagrad(float learningRate) {
        this(new Settings(learningRate, 0f, 1e-7f));
    }

    private Adagrad(Settings settings) {
        super(settings);
    }

    @Override
    public Settings settings() {
        return (Settings) super.settings();
    }

    @Override
    public Adagrad decay(float decay) {
        super.decay(decay);
        return this;
    }

    /** ε (default 1e-7). */
    public Adagrad epsilon(float epsilon) {
        change(with(settings(), "epsilon", epsilon));
        return this;
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
        ParameterUpdates.adagrad(w, g, slots[0], off, len, lr, epsilon());
    }
}
