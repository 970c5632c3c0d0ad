package org.backprop4j.model;

import org.backprop4j.kernel.Activation;

/**
 * An activation layer as the op that runs it sees it: alone, or folded into the Dense before it
 * ({@link Fusion#intoPrevious}), where its element-wise part runs in the GEMM epilogue.
 */
interface Activating {
    /** The element-wise part, for a GEMM epilogue (the identity for a row-wise activation). */
    Activation elementwise();

    /** A leaky ReLU's negative slope (0 for the rest). */
    float slope();

    /** The row-wise part, in place on a rows×cols output, after the element-wise part. */
    void finish(float[] y, int rows, int cols);

    /**
     * dZ = dA ⊙ f'(y) for rows×cols (from index 0), and when {@code biasGrad != null} the column
     * sums of dZ into {@code biasGrad[bgOff ..]}. dZ may alias dA.
     */
    void backward(float[] y, float[] dA, float[] dZ, int rows, int cols, float[] biasGrad, int bgOff);

    /** The op of an activation not folded into a Dense (first, or after Dropout). */
    static Op standalone(Layer layer, int index, int width, String name) {
        Activating act = layer.activating();
        return new Op(index, width, width, name) {
            @Override
            void forward(Workspace ws, float[] x, int xOff, int rows, long seed) {
                // x, y: rows×width
                float[] y = ws.out[index];
                System.arraycopy(x, xOff, y, 0, rows * out);
                act.elementwise().forward(y, 0, rows, out, act.slope());
                act.finish(y, rows, out);
            }

            @Override
            void backward(Workspace ws, float[] x, int xOff, int rows, float[] dOut,
                          boolean preActivation, float[] dIn, float[] grads) {
                // dX = dY ⊙ f'(y): rows×width
                if (dIn != null) {
                    (preActivation ? Activations.linear().activating() : act).backward(ws.out[index], dOut, dIn, rows, out, null, 0);
                }
            }

            @Override
            Layer output() {
                return layer;
            }
        };
    }
}
