package org.backprop4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.backprop4j.train.Progress;
import org.backprop4j.train.TrainingListener;

/**
 * Saves a checkpoint every {@code every} epochs and after the last epoch of a fit, so that a
 * killed process loses at most {@code every} epochs of work:
 * {@code FitOptions.epochs(50).listener(new CheckpointListener(checkpoint, file, 5))}. Each save is
 * atomic ({@link ModelFile#save}); resume with {@link ModelFile#load} and another fit.
 */
public final class CheckpointListener implements TrainingListener {
    private final Checkpoint checkpoint;
    private final Path file;
    private final int every;

    /**
     * @param checkpoint the model being trained, with what to save alongside it
     * @param file       where to save; replaced at each save
     * @param every      epochs between saves, at least 1
     */
    public CheckpointListener(Checkpoint checkpoint, Path file, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1 epoch, got " + every);
        }
        this.checkpoint = checkpoint;
        this.file = file;
        this.every = every;
    }

    /**
     * Saves when the epoch just finished is a multiple of {@code every} or the last one.
     *
     * @throws UncheckedIOException if the save fails (stopping the fit: training on without
     *     checkpoints would break the promise)
     */
    @Override
    public void onEpochEnd(Progress p) {
        int done = p.epoch() + 1;
        if (done % every == 0 || done == p.endEpoch()) {
            try {
                ModelFile.save(checkpoint, file);
            } catch (IOException e) {
                throw new UncheckedIOException("saving the checkpoint " + file + " failed: " + e.getMessage(), e);
            }
        }
    }
}
