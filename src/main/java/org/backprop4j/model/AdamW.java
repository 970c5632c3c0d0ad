package org.backprop4j.model;

/**
 * AdamW (Loshchilov &amp; Hutter): Adam with decoupled weight decay, {@code w ← w·(1 − lr·λ)} before
 * the Adam step. Defaults as {@link Adam}, weight decay λ 0.01 (PyTorch).
 */
public class AdamW extends Adam {

    /** AdamW's settings, in model-file order: Adam's, then the weight decay λ. */
    public record Settings(float learningRate, float decay, float beta1, float beta2, float epsilon,
                           float weightDecay) implements Moments {
        public Settings {
            new Adam.Settings(learningRate, decay, beta1, beta2, epsilon); // Adam's checks
            if (!(weightDecay >= 0f) || !Float.isFinite(weightDecay)) {
                throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + weightDecay);
            }
        }

        @Override
        public String name() {
            return "adamw";
        }

        @Override
        public AdamW build() {
            return new AdamW(this);
        }
    }

    public AdamW() {
        this(1e-3f);
    }

    public AdamW(float learningRate) {
        this(new Settings(learningRate, 0f, 0.9f, 0.999f, 1e-7f, 0.01f));
    }

    private AdamW(Settings settings) {
        super(settings);
    }

    @Override
    public Settings settings() {
        return (Settings) super.settings();
    }

    /** λ (default 0.01); applies to every parameter, biases included. */
    public AdamW weightDecay(float lambda) {
        change(with(settings(), "weightDecay", lambda));
        return this;
    }
}
