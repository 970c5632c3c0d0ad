package org.backprop4j.model;

import org.backprop4j.kernel.Activation;
import org.backprop4j.kernel.ActivationGradient;
import org.backprop4j.kernel.BiasActivation;
import org.backprop4j.kernel.DropoutMask;
import org.backprop4j.kernel.Epilogue;
import org.backprop4j.kernel.SingleOutput;
import org.backprop4j.kernel.Softmax;
import org.backprop4j.kernel.SplitMix64;
import org.backprop4j.model.ActivationLayer.Function;

/**
 * One compiled step of a network: a forward/backward pair over a rows×in input, writing a
 * rows×out output into the workspace. Ops are built once by {@link Network} and hold no per-call
 * state, so any number of workspaces (threads) may run them at once.
 */
abstract sealed class Op {
    final int index;
    final int in;
    final int out;
    final String name;

    Op(int index, int in, int out, String name) {
        this.index = index;
        this.in = in;
        this.out = out;
        this.name = name;
    }

    /** x: rows×in (from xOff) → ws.out[index]: rows×out. */
    abstract void forward(Workspace ws, float[] x, int xOff, int rows, long seed);

    /**
     * dOut: rows×out, dL/d(output) (overwritten); dIn: rows×in, receives dL/d(input), or null when
     * nobody needs it. Parameter gradients go to {@code grads} (same layout as the parameters).
     * {@code preActivation}: dOut already is dL/d(pre-activation) (a fused loss gradient).
     */
    abstract void backward(Workspace ws, float[] x, int xOff, int rows, float[] dOut,
                           boolean preActivation, float[] dIn, float[] grads);

    /** Softmax is row-wise, so it runs after the GEMM; every other activation is in its epilogue. */
    static boolean afterGemm(Function fn) {
        return fn == Function.SOFTMAX;
    }

    /** y = act(y) in place for rows×cols: softmax row-wise, the rest element-wise. */
    static void activate(Function fn, Epilogue act, float[] y, int rows, int cols) {
        if (fn == Function.SOFTMAX) {
            Softmax.forward(y, 0, rows, cols);
        } else {
            BiasActivation.apply(y, 0, cols, rows, cols, act);
        }
    }

    /** dZ = dA ⊙ f'(y) (rows×cols) and, when biasGrad != null, its column sums. dZ may alias dA. */
    static void activationBackward(Function fn, float slope, float[] y, float[] dA, float[] dZ,
                                   int rows, int cols, float[] biasGrad, int bgOff) {
        Activation elementwise = fn.elementwise;
        if (fn == Function.SOFTMAX) {
            Softmax.backward(y, 0, dA, 0, dZ, 0, rows, cols);
            dA = dZ; // the Jacobian product is done; what remains is the bias column sums
            elementwise = Activation.IDENTITY;
        }
        if (biasGrad == null && elementwise == Activation.IDENTITY) {
            if (dA != dZ) {
                System.arraycopy(dA, 0, dZ, 0, rows * cols);
            }
            return;
        }
        ActivationGradient.backward(elementwise, slope, y, 0, dA, 0, dZ, 0, rows, cols, biasGrad, bgOff);
    }

    /** Dense + its activation: one GEMM with the bias and activation fused into the epilogue. */
    static final class DenseOp extends Op {
        final Dense dense;
        final Function fn;
        final float slope;
        final float[] params;
        final int wOff;
        final int bOff;
        final Epilogue epilogue;

        DenseOp(int index, Dense dense, ActivationLayer act, float[] params, String name) {
            super(index, dense.inputs(), dense.outputs(), name);
            this.dense = dense;
            this.fn = act == null ? Function.LINEAR : act.function();
            this.slope = act == null ? 0f : act.slope();
            this.params = params;
            this.wOff = dense.weightOffset();
            this.bOff = dense.biasOffset();
            this.epilogue = Epilogue.of(params, bOff, afterGemm(fn) ? Activation.IDENTITY : fn.elementwise, slope);
        }

        @Override
        void forward(Workspace ws, float[] x, int xOff, int rows, long seed) {
            // x: rows×in, W: in×out, y = act(x·W + b): rows×out
            float[] y = ws.out[index];
            if (out == 1) { // a GEMM would pad one column to a whole register tile
                // the activation per row, by its scalar twin: softmax of one column is 1
                SingleOutput.forward(x, xOff, params, wOff, params[bOff], y, 0, rows, in,
                        fn.elementwise, slope, ws.lanes);
                if (afterGemm(fn)) {
                    activate(fn, null, y, rows, out);
                }
                return;
            }
            ws.gemm.sgemm(false, false, rows, out, in, 1f, x, xOff, in, params, wOff, out,
                    0f, y, 0, out, epilogue);
            if (afterGemm(fn)) {
                activate(fn, null, y, rows, out);
            }
        }

        @Override
        void backward(Workspace ws, float[] x, int xOff, int rows, float[] dOut,
                      boolean preActivation, float[] dIn, float[] grads) {
            // dZ = dA ⊙ f'(y) in place, db = Σ_rows dZ; dW = xᵀ·dZ: in×out; dX = dZ·Wᵀ: rows×in
            activationBackward(preActivation ? Function.LINEAR : fn, slope, ws.out[index], dOut, dOut,
                    rows, out, grads, bOff);
            if (out == 1) {
                SingleOutput.weightGradient(x, xOff, dOut, 0, grads, wOff, rows, in);
                if (dIn != null) {
                    SingleOutput.inputGradient(dOut, 0, params, wOff, dIn, 0, rows, in);
                }
                return;
            }
            ws.gemm.sgemm(true, false, in, out, rows, 1f, x, xOff, in, dOut, 0, out,
                    0f, grads, wOff, out, Epilogue.NONE);
            if (dIn != null) {
                ws.gemm.sgemm(false, true, rows, in, out, 1f, dOut, 0, out, params, wOff, out,
                        0f, dIn, 0, in, Epilogue.NONE);
            }
        }
    }

    /** An activation not preceded by a Dense (e.g. after Dropout). */
    static final class ActivationOp extends Op {
        final Function fn;
        final float slope;
        final Epilogue epilogue;

        ActivationOp(int index, int width, ActivationLayer act, String name) {
            super(index, width, width, name);
            this.fn = act.function();
            this.slope = act.slope();
            this.epilogue = new Epilogue(fn.elementwise, slope, null, 0);
        }

        @Override
        void forward(Workspace ws, float[] x, int xOff, int rows, long seed) {
            // x, y: rows×width
            float[] y = ws.out[index];
            System.arraycopy(x, xOff, y, 0, rows * out);
            activate(fn, epilogue, y, rows, out);
        }

        @Override
        void backward(Workspace ws, float[] x, int xOff, int rows, float[] dOut,
                      boolean preActivation, float[] dIn, float[] grads) {
            // dX = dY ⊙ f'(y): rows×width
            if (dIn != null) {
                activationBackward(preActivation ? Function.LINEAR : fn, slope, ws.out[index], dOut, dIn,
                        rows, out, null, 0);
            }
        }
    }

    /** Inverted dropout; identity when not training. */
    static final class DropoutOp extends Op {
        final float rate;

        DropoutOp(int index, int width, Dropout dropout, String name) {
            super(index, width, width, name);
            this.rate = dropout.rate();
        }

        @Override
        void forward(Workspace ws, float[] x, int xOff, int rows, long seed) {
            // x, y, mask: rows×width
            float[] y = ws.out[index];
            if (ws.training && rate > 0f) {
                DropoutMask.fillMask(ws.mask[index], 0, rows * out, SplitMix64.derive(seed, index), rate);
                DropoutMask.multiply(x, xOff, ws.mask[index], 0, y, 0, rows * out);
            } else {
                System.arraycopy(x, xOff, y, 0, rows * out);
            }
        }

        @Override
        void backward(Workspace ws, float[] x, int xOff, int rows, float[] dOut,
                      boolean preActivation, float[] dIn, float[] grads) {
            // dX = dY ⊙ mask: rows×width
            if (dIn == null) {
                return;
            }
            if (ws.training && rate > 0f) {
                DropoutMask.multiply(dOut, 0, ws.mask[index], 0, dIn, 0, rows * out);
            } else {
                System.arraycopy(dOut, 0, dIn, 0, rows * out);
            }
        }
    }
}
