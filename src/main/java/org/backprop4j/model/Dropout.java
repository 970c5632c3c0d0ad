package org.backprop4j.model;

/**
 * Inverted dropout: while training, zeroes each input with probability {@code rate} and scales the
 * rest by 1/(1−rate); identity at inference. Masks come from a random stream derived from
 * (seed, epoch, batch, shard), so they do not depend on the thread count.
 *
 * @param rate fraction dropped, in [0, 1)
 */
public record Dropout(float rate) implements Layer {
    public Dropout {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
    }
}
