package org.backprop4j.io;

import java.util.List;
import org.backprop4j.data.Normalization;
import org.backprop4j.train.Sequential;

/**
 * What a model file holds: a model (architecture, parameters, loss, optimiser state, epoch), the
 * settings of its optimiser, and what a user of the model needs around it: the normalisation
 * fitted on its training data and the names of its classes.
 *
 * @param model         the model; its optimiser (if compiled) must be the one {@code optimizer} builds
 * @param optimizer     the optimiser's settings; null only for a model that was never compiled
 * @param normalization applied to inputs before the model sees them, or null for none
 * @param classNames    the name of each class index; empty for regression or unnamed classes
 */
public record Checkpoint(Sequential model, OptimizerSpec optimizer, Normalization normalization,
                         List<String> classNames) {

    /**
     * @throws IllegalArgumentException if the optimiser settings are missing or do not describe the
     *     model's optimiser (another kind or another learning rate), or the normalisation does not
     *     fit the model's inputs
     */
    public Checkpoint {
        if (model == null) {
            throw new IllegalArgumentException("a checkpoint needs a model");
        }
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        var actual = model.optimizer();
        if (actual != null && optimizer == null) {
            throw new IllegalArgumentException("the model is compiled with " + actual.getClass().getSimpleName()
                    + "; its settings (an OptimizerSpec) are needed to save it");
        }
        if (actual != null && (actual.getClass() != optimizer.build().getClass()
                || actual.initialLearningRate() != optimizer.learningRate())) {
            throw new IllegalArgumentException("the optimizer settings " + optimizer + " do not describe the model's "
                    + actual.getClass().getSimpleName() + " (learning rate " + actual.initialLearningRate() + ")");
        }
        if (normalization != null && normalization.features() != model.network().inputs()) {
            throw new IllegalArgumentException("the normalisation has " + normalization.features()
                    + " features but the model " + model.network().inputs() + " inputs");
        }
    }

    /** A checkpoint of {@code model} with its optimiser's settings read from it (if compiled); no extras. */
    public static Checkpoint of(Sequential model) {
        var optimizer = model == null ? null : model.optimizer();
        return new Checkpoint(model, optimizer == null ? null : OptimizerSpec.of(optimizer), null, List.of());
    }

    /** A checkpoint of {@code model} compiled with the optimiser {@code optimizer} builds; no extras. */
    public static Checkpoint of(Sequential model, OptimizerSpec optimizer) {
        return new Checkpoint(model, optimizer, null, List.of());
    }

    /** This checkpoint with the normalisation inputs need. */
    public Checkpoint withNormalization(Normalization normalization) {
        return new Checkpoint(model, optimizer, normalization, classNames);
    }

    /** This checkpoint with class names. */
    public Checkpoint withClassNames(List<String> classNames) {
        return new Checkpoint(model, optimizer, normalization, classNames);
    }
}
