package org.backprop4j.train;

/**
 * Hooks called by {@link Sequential#fit}, e.g. for a progress bar or early stopping
 * ({@link Progress#requestStop()}). The {@link Progress} object is reused from call to call (so
 * listening allocates nothing): read it inside the hook, do not keep it.
 *
 * <p>The hooks run on the thread that runs fit's loop, one at a time and while training waits:
 * the caller of fit, or, when fit trains on a pool ({@link FitOptions#threads} above 1 or
 * {@link FitOptions#pool}) and the model is large enough to use it, one of the pool's threads
 * (each entry into a pool from outside costs tens of microseconds, so the whole loop runs there).
 * A hook on a pool thread does not see the caller's thread-locals or interrupt status. A runtime
 * exception or error thrown by a hook ends fit and reaches its caller unchanged.
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
