package org.backprop4j.cli;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The width in columns of the terminal this process runs in, for lines redrawn in place: a line
 * wider than the terminal wraps, and {@code \r} then returns only to the start of its last row.
 * Read with {@code stty size} on {@code /dev/tty} (what JLine's exec provider does too; a library
 * and native access are not worth it for one number), again at most once a second so that a
 * resized window is followed; else {@code $COLUMNS}; else 80.
 */
final class TerminalWidth implements IntSupplier {
    static final int FALLBACK = 80;
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private long checked;
    private int columns;

    @Override
    public int getAsInt() {
        long now = System.nanoTime();
        if (columns == 0 || now - checked > RECHECK_NANOS) {
            columns = read();
            checked = now;
        }
        return columns;
    }

    static int read() {
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(Redirect.from(new File("/dev/tty")))
                    .redirectError(Redirect.DISCARD).start();
            // Wait first, then read: its few bytes fit the pipe, and a stty that hangs is left
            // behind after a second instead of blocking the read (and training's progress line).
            if (stty.waitFor(1, TimeUnit.SECONDS)) {
                String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
                int columns = stty.exitValue() == 0 ? positive(size.substring(size.indexOf(' ') + 1)) : 0;
                if (columns > 0) {
                    return columns;
                }
            } else {
                stty.destroyForcibly();
            }
        } catch (IOException e) {
            // no stty or no /dev/tty: the fallbacks below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int columns = positive(System.getenv("COLUMNS"));
        return columns > 0 ? columns : FALLBACK;
    }

    /** The positive integer {@code s} holds, else 0. */
    private static int positive(String s) {
        try {
            return s == null ? 0 : Math.max(0, Integer.parseInt(s.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
