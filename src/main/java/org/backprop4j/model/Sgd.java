package org.backprop4j.model;

import org.backprop4j.kernel.ParameterUpdates;

/**
 * Stochastic gradient descent, PyTorch form: {@code v ← μ·v + g; w ← w − lr·v} (Nesterov:
 * {@code w ← w − lr·(g + μ·v)}). Defaults: momentum 0 (plain {@code w ← w − lr·g}), no Nesterov,
 * decay 0. nnfs's {@code v ← μ·v − lr·g} is the same update when lr is constant. State: the
 * velocity v with momentum, none without.
 */
public class Sgd extends Optimizer {

    /** SGD's settings, in model-file order (nesterov as one byte). */
    public record Settings(float learningRate, float decay, float momentum, boolean nesterov)
            implements Optimizer.Settings {
        public Settings {
            checkSchedule(learningRate, decay);
            unitInterval("momentum", momentum);
        }

        @Override
        public String name() {
            return "sgd";
        }

        @Override
        public Sgd build() {
            return new Sgd(this);
        }
    }

    public Sgd(float learningRate) {
        this(new Settings(learningRate, 0f, 0f, false));
    }

    private Sgd(Settings settings) {
        super(settings);
    }

    @Override
    public Settings settings() {
        return (Settings) super.settings();
    }

    @Override
    public Sgd decay(float decay) {
        super.decay(decay);
        return this;
    }

    /** Momentum μ in [0, 1) (default 0). */
    public Sgd momentum(float momentum) {
        change(with(settings(), "momentum", momentum));
        return this;
    }

    /** Nesterov momentum (default off). */
    public Sgd nesterov(boolean nesterov) {
        change(with(settings(), "nesterov", nesterov));
        return this;
    }

    /** μ (0: plain SGD). */
    public float momentum() {
        return settings().momentum();
    }

    /** Whether the momentum step is Nesterov's. */
    public boolean nesterov() {
        return settings().nesterov();
    }

    @Override
    protected int slotCount() {
        return momentum() == 0f ? 0 : 1;
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, int off, int len, float lr, long t) {
        ParameterUpdates.sgd(w, g, slots.length == 0 ? null : slots[0], off, len, lr, momentum(), nesterov());
    }
}
