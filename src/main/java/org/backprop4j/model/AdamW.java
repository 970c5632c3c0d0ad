package org.backprop4j.model;

/**
 * AdamW (Loshchilov &amp; Hutter): Adam with decoupled weight decay, {@code w ← w·(1 − lr·λ)} before
 * the Adam step. Defaults as {@link Adam}, weight decay λ 0.01 (PyTorch).
 */
public class AdamW extends Adam {
    private float weightDecay = 0.01f;

    public AdamW() {
        this(1e-3f);
    }

    public AdamW(float learningRate) {
        super(learningRate);
    }

    /** λ (default 0.01); applies to every parameter, biases included. */
    public AdamW weightDecay(float lambda) {
        if (!(lambda >= 0f) || !Float.isFinite(lambda)) {
            throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + lambda);
        }
        this.weightDecay = lambda;
        return this;
    }

    @Override
    public float weightDecay() {
        return weightDecay;
    }
}
