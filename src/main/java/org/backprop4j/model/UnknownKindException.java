package org.backprop4j.model;

/**
 * A name that should denote a kind of layer, activation or optimiser but denotes none, as read
 * from a model file: the reader reports it as such rather than as an invalid value.
 */
public final class UnknownKindException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnknownKindException(String message) {
        super(message);
    }
}
