package org.backprop4j.model;

import java.util.List;

/**
 * One compiled step of a network: a forward/backward pair over a rows×in input, writing a
 * rows×out output into the workspace, and what the network, its workspace and its trainer need
 * to know about it (its parameters, scratch, cost, whether its GEMMs fork). Each layer class
 * makes its own op ({@link Layer#compile}); ops hold no per-call state, so any number of
 * workspaces (threads) may run them at once.
 */
abstract class Op {
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

    /** x: rows×in (from xOff) → ws.out[index]: rows×out. {@code seed}: this pass's random stream (dropout). */
    abstract void forward(Workspace ws, float[] x, int xOff, int rows, long seed);

    /**
     * dOut: rows×out, dL/d(output) (overwritten); dIn: rows×in, receives dL/d(input), or null when
     * nobody needs it. Parameter gradients go to {@code grads} (same layout as the parameters).
     * {@code preActivation}: dOut already is dL/d(pre-activation) of the op's activation (a fused
     * loss gradient, {@link Fusion#withLoss}).
     */
    abstract void backward(Workspace ws, float[] x, int xOff, int rows, float[] dOut,
                           boolean preActivation, float[] dIn, float[] grads);

    /** Parameters in its slice of the flat buffer (0: none, and backward need not reach it). */
    int parameterCount() {
        return 0;
    }

    /** Its parameter matrices, as slices of the flat buffer. */
    List<ParameterBlock> parameterBlocks(int layer) {
        return List.of();
    }

    /** Whether it adds an L1/L2 penalty. */
    boolean regularized() {
        return false;
    }

    /** Sets its parameters from {@code seed} (a stream of its own). */
    void initialize(float[] params, long seed) {
    }

    /** Adds its L1/L2 gradients to {@code grads} and returns its penalty. */
    double regularize(float[] params, float[] grads) {
        return 0;
    }

    /** Its L1/L2 penalty. */
    double penalty(float[] params) {
        return 0;
    }

    /** Floats of workspace scratch per row besides its output (a dropout mask, row statistics). */
    int scratchPerRow() {
        return 0;
    }

    /** Forward plus backward flops per row, for shard sizing: 6 per parameter (a GEMM's 2 + 4). */
    long flopsPerRow() {
        return 6L * parameterCount();
    }

    /** Whether one of its GEMMs over {@code rows} rows would fork onto {@code parallelism} threads. */
    boolean forks(int rows, int parallelism) {
        return false;
    }

    /** The activation layer its output ends in, for the loss fusion rule; null for none. */
    Layer output() {
        return null;
    }
}
