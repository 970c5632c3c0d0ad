package org.backprop4j.io;

import java.io.IOException;

/**
 * A model file that cannot be loaded: truncated, corrupted, foreign, of a newer format version, of
 * another architecture than expected, or holding something this library does not know. The message
 * names the file and says which.
 */
public final class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with the complete message, file name included. */
    public ModelFileException(String message) {
        super(message);
    }
}
