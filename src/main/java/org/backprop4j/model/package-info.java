/**
 * Layers, losses and optimisers, and the {@link org.backprop4j.model.Network} that compiles them:
 * a Dense layer fused with the activation after it, all parameters in one flat buffer (each Dense a
 * view), gradients in a second one. Single-threaded forward / loss / backward on a
 * {@link org.backprop4j.model.Workspace}; the {@code train} package adds batching and threads.
 */
package org.backprop4j.model;
