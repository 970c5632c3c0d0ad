package org.backprop4j.kernel;

/**
 * Element-wise activations the kernels know how to apply and differentiate. The model layer maps
 * its activation layers onto these; kernels never see layers.
 */
public enum Activation {
    /** f(x) = x. */
    IDENTITY,
    /** f(x) = max(x, 0). */
    RELU,
    /** f(x) = x for x &gt; 0, slope·x otherwise. */
    LEAKY_RELU,
    /** f(x) = 1 / (1 + e^-x). */
    SIGMOID,
    /** f(x) = tanh(x). */
    TANH
}
