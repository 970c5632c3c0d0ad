package org.backprop4j.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.backprop4j.train.Progress;
import org.backprop4j.train.TrainingListener;

/**
 * Training progress for people. Every epoch, or every 10^k epochs in long runs of tiny epochs, a
 * line: epoch, loss, accuracy, validation loss and accuracy, samples/s, time. On a terminal, a
 * live progress bar (batches, ETA, loss, accuracy, samples/s) is redrawn in place in between, at
 * most ten times a second so that drawing never slows training down. The bar is cut to the
 * terminal's width, so that it never wraps (a wrapped bar cannot be redrawn or cleared in place),
 * and cleared before anything else is printed: call {@link #finish} after fit, however it ends.
 */
final class ConsoleProgress implements TrainingListener {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 24;
    private static final int MIN_BAR_WIDTH = 10;

    private final PrintWriter out;
    private final IntSupplier columns;
    private final boolean live;
    private final boolean classifier;
    private int lineEvery;
    private int firstEpoch = -1;
    private long fitStart;
    private long epochStart;
    private long lastDraw;
    private long lineStart;
    private long samplesSinceLine;
    private boolean barShown;

    /**
     * @param columns    the terminal's width, to redraw a progress bar in place; null when output
     *                   is not a terminal (then no bar)
     * @param classifier whether accuracies mean anything (not for regression)
     */
    ConsoleProgress(PrintWriter out, IntSupplier columns, boolean classifier) {
        this.out = out;
        this.columns = columns;
        this.live = columns != null;
        this.classifier = classifier;
    }

    /**
     * Whether standard output is an interactive terminal that understands {@code \r}. JDK 22+
     * returns a console even when output is redirected, and says so with Console.isTerminal().
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 17-21: a console means a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** Lines every epoch up to 100 epochs; then every 10^(digits − 2): every 1000 of 10,001. */
    static int lineInterval(int epochs) {
        int every = 1;
        for (int e = epochs; e >= 100; e /= 10) {
            every *= 10;
        }
        return every;
    }

    @Override
    public void onEpochStart(Progress p) {
        long now = System.nanoTime();
        if (firstEpoch < 0) {
            firstEpoch = p.epoch();
            lineEvery = lineInterval(p.endEpoch() - firstEpoch);
            fitStart = now;
            lineStart = now;
        }
        epochStart = now;
    }

    @Override
    public void onBatchEnd(Progress p) {
        long now = System.nanoTime();
        if (!live || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int done = p.batch() + 1;
        double seconds = (now - epochStart) / 1e9;
        List<String> stats = new ArrayList<>(); // most important first, as Keras shows them
        stats.add("  ETA " + duration(seconds / done * (p.batches() - done)));
        stats.add(format("  loss %.4f", p.batchLoss()));
        if (classifier) {
            stats.add(format("  acc %.4f", p.batchAccuracy()));
        }
        stats.add(format("  %,.0f samples/s", p.samplesDone() / seconds));
        out.print("\r\033[K" + barLine(epochLabel(p), done, p.batches(), stats, columns.getAsInt()));
        out.flush();
        barShown = true;
    }

    /**
     * The bar's line for a terminal {@code columns} wide: at most {@code columns - 1} characters
     * (writing the last column makes some terminals wrap at once). Statistics go from the end of
     * {@code stats} (least important last) before the bar shrinks below {@value #MIN_BAR_WIDTH}.
     */
    static String barLine(String label, int done, int batches, List<String> stats, int columns) {
        int room = columns - 1;
        String counter = " " + done + "/" + batches;
        for (int keep = stats.size(); keep >= 0; keep--) {
            String tail = counter + String.join("", stats.subList(0, keep));
            int width = Math.min(BAR_WIDTH, room - label.length() - tail.length() - 3); // " [" and "]"
            if (width >= MIN_BAR_WIDTH) {
                int filled = (int) ((long) width * done / batches);
                String bar = "=".repeat(filled) + (filled < width ? ">" + ".".repeat(width - filled - 1) : "");
                return label + " [" + bar + "]" + tail;
            }
        }
        String bare = label + counter;
        return bare.substring(0, Math.max(0, Math.min(bare.length(), room)));
    }

    /** Clears the bar, if one is drawn: call when fit returns or fails, before printing anything else. */
    void finish() {
        if (barShown) {
            out.print("\r\033[K");
            out.flush();
            barShown = false;
        }
    }

    @Override
    public void onEpochEnd(Progress p) {
        long now = System.nanoTime();
        samplesSinceLine += p.samples();
        int index = p.epoch() - firstEpoch;
        if (index % lineEvery != 0 && p.epoch() + 1 != p.endEpoch()) {
            return;
        }
        StringBuilder s = new StringBuilder(epochLabel(p)).append(format("  loss %.4f", p.loss()));
        if (classifier) {
            s.append(format("  acc %.4f", p.accuracy()));
        }
        if (!Double.isNaN(p.validationLoss())) {
            s.append(format("  val_loss %.4f", p.validationLoss()));
            if (classifier) {
                s.append(format("  val_acc %.4f", p.validationAccuracy()));
            }
        }
        s.append(format("  %,.0f samples/s", samplesSinceLine / ((now - lineStart) / 1e9)))
                .append(format("  %.2f s", (now - fitStart) / 1e9));
        out.println((live ? "\r\033[K" : "") + s);
        out.flush();
        barShown = false;
        lineStart = now;
        samplesSinceLine = 0;
    }

    private static String epochLabel(Progress p) {
        String total = Integer.toString(p.endEpoch());
        return "epoch " + " ".repeat(total.length() - Integer.toString(p.epoch() + 1).length()) + (p.epoch() + 1)
                + "/" + total;
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
