package org.backprop4j.io;

import java.util.List;
import java.util.Locale;
import org.backprop4j.model.Optimizer;

/**
 * An optimiser's kind and hyper-parameters, as data: what a model file stores so that a loaded
 * checkpoint gets the same optimiser back, and what a command line builds from a name.
 *
 * <pre>{@code
 * OptimizerSpec spec = new OptimizerSpec.Adam(1e-3f, 5e-7f, 0.9f, 0.999f, 1e-7f);
 * model.compile(Loss.binaryCrossEntropy(), spec.build());
 * ModelFile.save(Checkpoint.of(model, spec), Path.of("spiral.bp4j"));
 * }</pre>
 *
 * <p>The state that changes while training (moments, step counter) is not here: it lives in the
 * {@link Optimizer} and is saved from there.
 */
public sealed interface OptimizerSpec {

    /** The names {@link #named} accepts, as the command line spells them. */
    List<String> NAMES = List.of("adam", "adamw", "sgd", "rmsprop");

    /** The kind, one of {@link #NAMES}. */
    String name();

    /** The initial learning rate. */
    float learningRate();

    /** Learning-rate decay: {@code lr / (1 + decay·steps)}. */
    float decay();

    /** A new optimiser with these settings and no state. */
    Optimizer build();

    /**
     * The optimiser called {@code name} (case-insensitive, one of {@link #NAMES}) with learning
     * rate {@code learningRate}, {@code decay}, and the library's defaults for everything else.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    static OptimizerSpec named(String name, float learningRate, float decay) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "adam":
                return new Adam(learningRate, decay, 0.9f, 0.999f, 1e-7f);
            case "adamw":
                return new AdamW(learningRate, decay, 0.9f, 0.999f, 1e-7f, 0.01f);
            case "sgd":
                return new Sgd(learningRate, decay, 0f, false);
            case "rmsprop":
                return new RmsProp(learningRate, decay, 0.9f, 1e-7f);
            default:
                throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected one of "
                        + String.join(", ", NAMES));
        }
    }

    /**
     * The settings of {@code optimizer} (one of the library's four kinds).
     *
     * @throws IllegalArgumentException for another Optimizer subclass, which a model file cannot name
     */
    static OptimizerSpec of(Optimizer optimizer) {
        if (optimizer instanceof org.backprop4j.model.AdamW o) {
            return new AdamW(o.initialLearningRate(), o.decay(), o.beta1(), o.beta2(), o.epsilon(), o.weightDecay());
        }
        if (optimizer instanceof org.backprop4j.model.Adam o && o.getClass() == org.backprop4j.model.Adam.class) {
            return new Adam(o.initialLearningRate(), o.decay(), o.beta1(), o.beta2(), o.epsilon());
        }
        if (optimizer instanceof org.backprop4j.model.Sgd o && o.getClass() == org.backprop4j.model.Sgd.class) {
            return new Sgd(o.initialLearningRate(), o.decay(), o.momentum(), o.nesterov());
        }
        if (optimizer instanceof org.backprop4j.model.RmsProp o && o.getClass() == org.backprop4j.model.RmsProp.class) {
            return new RmsProp(o.initialLearningRate(), o.decay(), o.rho(), o.epsilon());
        }
        throw new IllegalArgumentException("a model file can store Adam, AdamW, Sgd or RmsProp, not "
                + (optimizer == null ? "null" : optimizer.getClass().getName()));
    }

    /** Adam, see {@link org.backprop4j.model.Adam}. */
    record Adam(float learningRate, float decay, float beta1, float beta2, float epsilon)
            implements OptimizerSpec {
        @Override
        public String name() {
            return "adam";
        }

        @Override
        public Optimizer build() {
            return new org.backprop4j.model.Adam(learningRate).decay(decay).betas(beta1, beta2).epsilon(epsilon);
        }
    }

    /** AdamW, see {@link org.backprop4j.model.AdamW}. */
    record AdamW(float learningRate, float decay, float beta1, float beta2, float epsilon, float weightDecay)
            implements OptimizerSpec {
        @Override
        public String name() {
            return "adamw";
        }

        @Override
        public Optimizer build() {
            var adamW = new org.backprop4j.model.AdamW(learningRate).weightDecay(weightDecay);
            adamW.decay(decay).betas(beta1, beta2).epsilon(epsilon);
            return adamW;
        }
    }

    /** Stochastic gradient descent, see {@link org.backprop4j.model.Sgd}. */
    record Sgd(float learningRate, float decay, float momentum, boolean nesterov) implements OptimizerSpec {
        @Override
        public String name() {
            return "sgd";
        }

        @Override
        public Optimizer build() {
            return new org.backprop4j.model.Sgd(learningRate).decay(decay).momentum(momentum).nesterov(nesterov);
        }
    }

    /** RMSprop, see {@link org.backprop4j.model.RmsProp}. */
    record RmsProp(float learningRate, float decay, float rho, float epsilon) implements OptimizerSpec {
        @Override
        public String name() {
            return "rmsprop";
        }

        @Override
        public Optimizer build() {
            return new org.backprop4j.model.RmsProp(learningRate).decay(decay).rho(rho).epsilon(epsilon);
        }
    }
}
