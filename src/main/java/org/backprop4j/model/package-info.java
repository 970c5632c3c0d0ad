/**
 * Layers, losses and optimisers, and the {@link org.backprop4j.model.Network} that compiles them
 * into ops: each layer class holds its own op (forward, backward, parameters, model-file
 * configuration); a Dense fused with the activation after it; all parameters in one flat buffer
 * ({@link org.backprop4j.model.Network#parameterBlocks()}), gradients in a second one.
 * Single-threaded forward / loss / backward on a {@link org.backprop4j.model.Workspace}; the
 * {@code train} package adds batching and threads.
 */
package org.backprop4j.model;
