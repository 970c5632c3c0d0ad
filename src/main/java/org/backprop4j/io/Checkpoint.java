package org.backprop4j.io;

import java.util.List;
import org.backprop4j.data.Normalization;
import org.backprop4j.model.Optimizer;
import org.backprop4j.train.Sequential;

/**
 * What a model file holds: a model (architecture, parameters, loss, optimiser with its settings
 * and state, epoch) and what a user of the model needs around it: the normalisation fitted on its
 * training data and the names of its classes.
 *
 * @param model         the model
 * @param normalization applied to inputs before the model sees them, or null for none
 * @param classNames    the name of each class index; empty for regression or unnamed classes
 */
public record Checkpoint(Sequential model, Normalization normalization, List<String> classNames) {

    /**
     * @throws IllegalArgumentException if the normalisation does not fit the model's inputs
     */
    public Checkpoint {
        if (model == null) {
            throw new IllegalArgumentException("a checkpoint needs a model");
        }
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        if (normalization != null && normalization.features() != model.network().inputs()) {
            throw new IllegalArgumentException("the normalisation has " + normalization.features()
                    + " features but the model " + model.network().inputs() + " inputs");
        }
    }

    /** A checkpoint of {@code model}; no extras. */
    public static Checkpoint of(Sequential model) {
        return new Checkpoint(model, null, List.of());
    }

    /** The settings of the model's optimiser, or null for a model never compiled. */
    public Optimizer.Settings optimizer() {
        Optimizer optimizer = model.optimizer();
        return optimizer == null ? null : optimizer.settings();
    }

    /** This checkpoint with the normalisation inputs need. */
    public Checkpoint withNormalization(Normalization normalization) {
        return new Checkpoint(model, normalization, classNames);
    }

    /** This checkpoint with class names. */
    public Checkpoint withClassNames(List<String> classNames) {
        return new Checkpoint(model, normalization, classNames);
    }
}
