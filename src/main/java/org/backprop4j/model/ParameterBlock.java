package org.backprop4j.model;

/**
 * One parameter matrix of a layer, as a slice of the network's flat parameter (and gradient)
 * buffer: {@code rows × columns} row-major from {@code offset}.
 *
 * @param layer   the layer's index in {@link Network#layers()}
 * @param name    what it is: {@code weights}, {@code biases} (Dense), {@code gain}, {@code bias} (LayerNorm)
 * @param offset  index of its first value in {@link Network#parameters()}
 * @param rows    rows (1 for a vector)
 * @param columns columns
 */
public record ParameterBlock(int layer, String name, int offset, int rows, int columns) {
    /** rows × columns. */
    public int size() {
        return rows * columns;
    }
}
