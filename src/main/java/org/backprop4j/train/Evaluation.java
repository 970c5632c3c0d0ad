package org.backprop4j.train;

/**
 * Loss and accuracy of a model on a data set (inference mode: no dropout).
 *
 * @param dataLoss           mean loss per sample
 * @param regularizationLoss L1/L2 penalty of the current weights
 * @param accuracy           fraction correct: argmax for several outputs, threshold 0.5 for one
 * @param samples            rows evaluated
 */
public record Evaluation(double dataLoss, double regularizationLoss, double accuracy, int samples) {

    /** Data + regularisation loss. */
    public double loss() {
        return dataLoss + regularizationLoss;
    }
}
