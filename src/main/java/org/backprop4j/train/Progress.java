package org.backprop4j.train;

/** The state of a running {@link Sequential#fit}, as seen by a {@link TrainingListener}. */
public final class Progress {
    int epoch;
    int epochs;
    int firstEpoch;
    int batch;
    int batches;
    long samplesDone;
    long samples;
    double batchLoss;
    double batchAccuracy;
    double dataLoss = Double.NaN;
    double regularizationLoss = Double.NaN;
    double accuracy = Double.NaN;
    double validationLoss = Double.NaN;
    double validationAccuracy = Double.NaN;
    boolean stopRequested;

    /** Current epoch index (0-based, counting from the model's first epoch). */
    public int epoch() {
        return epoch;
    }

    /** Index one past the last epoch this fit will run. */
    public int endEpoch() {
        return firstEpoch + epochs;
    }

    /** Batch index within the epoch (0-based). */
    public int batch() {
        return batch;
    }

    /** Batches per epoch. */
    public int batches() {
        return batches;
    }

    /** Samples processed so far in this epoch. */
    public long samplesDone() {
        return samplesDone;
    }

    /** Samples per epoch. */
    public long samples() {
        return samples;
    }

    /** Data loss (mean per sample) of the last batch. */
    public double batchLoss() {
        return batchLoss;
    }

    /** Accuracy of the last batch (training mode: with dropout). */
    public double batchAccuracy() {
        return batchAccuracy;
    }

    /** Epoch data loss, mean over samples (valid in onEpochEnd). */
    public double dataLoss() {
        return dataLoss;
    }

    /** Epoch regularisation loss, mean over batches (valid in onEpochEnd). */
    public double regularizationLoss() {
        return regularizationLoss;
    }

    /** Data + regularisation loss (valid in onEpochEnd). */
    public double loss() {
        return dataLoss + regularizationLoss;
    }

    /** Epoch training accuracy (valid in onEpochEnd). */
    public double accuracy() {
        return accuracy;
    }

    /** Validation data loss, NaN without validation data (valid in onEpochEnd). */
    public double validationLoss() {
        return validationLoss;
    }

    /** Validation accuracy, NaN without validation data (valid in onEpochEnd). */
    public double validationAccuracy() {
        return validationAccuracy;
    }

    /** Stops fit after the current batch (from onBatchEnd) or epoch (from onEpochEnd/Start). */
    public void requestStop() {
        stopRequested = true;
    }
}
