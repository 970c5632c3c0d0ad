package org.backprop4j.data;

import java.io.IOException;

/**
 * A data file that cannot be read as what it claims to be. The message names the file and, where
 * there is one, the place in it (line and column, or byte counts), and says what was expected.
 */
public final class MalformedDataException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with the full message: what, where, and what was expected. */
    public MalformedDataException(String message) {
        super(message);
    }

    /** An exception with the full message and the lower-level failure behind it. */
    public MalformedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
