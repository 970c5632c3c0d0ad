package org.backprop4j.model;

/**
 * One step of a feed-forward network: a {@link Dense} layer, an activation from
 * {@link Activations}, or {@link Dropout}. Layers describe; a {@link Network} runs them.
 */
public sealed interface Layer permits Dense, ActivationLayer, Dropout {
}
