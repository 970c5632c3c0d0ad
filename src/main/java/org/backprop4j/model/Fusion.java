package org.backprop4j.model;

/**
 * Where two steps run as one, all in one place: the only rules that look at which layers meet.
 */
final class Fusion {
    private Fusion() {
    }

    /**
     * A Dense absorbs the activation right after it: bias and the element-wise activation run in
     * its GEMM's epilogue (the output is written once), a softmax as a pass right after the GEMM;
     * backward takes the activation's derivative and the bias gradient in one pass.
     */
    static boolean intoPrevious(Layer layer, Layer next) {
        return layer instanceof Dense && next.activating() != null;
    }

    /**
     * The loss gradient is taken with respect to the last activation's input, which is simpler
     * and exact where the chained form loses precision: softmax + categorical cross-entropy gives
     * (p − t)/N, sigmoid + binary cross-entropy (y − t)/(N·outputs).
     */
    static boolean withLoss(Loss loss, Op last) {
        Layer output = last.output();
        if (output == null) {
            return false;
        }
        switch (loss.kind()) {
            case CATEGORICAL_CROSS_ENTROPY:
                return output.equals(Activations.softmax());
            case BINARY_CROSS_ENTROPY:
                return output.equals(Activations.sigmoid());
            default:
                return false;
        }
    }
}
