package org.backprop4j.train;

/**
 * Hooks called by {@link Sequential#fit} on the fitting thread, e.g. for a progress bar or early
 * stopping ({@link Progress#requestStop()}). The {@link Progress} object is reused from call to
 * call (so listening allocates nothing): read it inside the hook, do not keep it.
 */
public interface TrainingListener {

    /** Before the first batch of an epoch. */
    default void onEpochStart(Progress p) {
    }

    /** After each optimiser step: batch index, batch loss and accuracy, samples done. */
    default void onBatchEnd(Progress p) {
    }

    /** After an epoch: epoch loss (data + regularisation), accuracy, validation metrics. */
    default void onEpochEnd(Progress p) {
    }
}
