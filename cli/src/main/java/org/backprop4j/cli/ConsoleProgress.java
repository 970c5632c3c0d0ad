package org.backprop4j.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import org.backprop4j.train.Progress;
import org.backprop4j.train.TrainingListener;

/**
 * Training progress for people. Every epoch, or every 10^k epochs in long runs of tiny epochs, a
 * line: epoch, loss, accuracy, validation loss and accuracy, samples/s, time. On a terminal, a
 * live progress bar (batches, loss, accuracy, samples/s, ETA) is redrawn in place in between, at
 * most ten times a second so that drawing never slows training down.
 */
final class ConsoleProgress implements TrainingListener {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 24;

    private final PrintWriter out;
    private final boolean live;
    private final boolean classifier;
    private int lineEvery;
    private int firstEpoch = -1;
    private long fitStart;
    private long epochStart;
    private long lastDraw;
    private long lineStart;
    private long samplesSinceLine;

    /**
     * @param live       redraw a progress bar in place (only on a terminal)
     * @param classifier whether accuracies mean anything (not for regression)
     */
    ConsoleProgress(PrintWriter out, boolean live, boolean classifier) {
        this.out = out;
        this.live = live;
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
        int filled = (int) ((long) BAR_WIDTH * done / p.batches());
        String bar = "=".repeat(filled) + (filled < BAR_WIDTH ? ">" + ".".repeat(BAR_WIDTH - filled - 1) : "");
        StringBuilder s = new StringBuilder(epochLabel(p)).append(" [").append(bar).append("] ")
                .append(done).append('/').append(p.batches())
                .append(format("  loss %.4f", p.batchLoss()));
        if (classifier) {
            s.append(format("  acc %.4f", p.batchAccuracy()));
        }
        s.append(format("  %,.0f samples/s", p.samplesDone() / seconds))
                .append("  ETA ").append(duration(seconds / done * (p.batches() - done)));
        out.print("\r\033[K" + s);
        out.flush();
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
