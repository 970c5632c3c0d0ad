package org.backprop4j.model;

import java.util.Arrays;
import org.backprop4j.kernel.ArraySizes;

/**
 * Updates a flat parameter buffer from its gradient buffer, one vectorised pass per step.
 * Learning-rate decay as nnfs: step t (1-based) uses {@code lr / (1 + decay·(t − 1))}.
 *
 * <p>State for checkpoints: {@link #state()} (the per-parameter moments, slot after slot),
 * {@link #steps()} and {@link #learningRate()}; {@link #restore} puts them back so training
 * resumes exactly.
 */
public abstract class Optimizer {
    protected float learningRate;
    protected float decay;
    private long steps;
    private float[][] slots = new float[0][];
    private float stepLearningRate;

    protected Optimizer(float learningRate) {
        this.learningRate = positive("learning rate", learningRate);
    }

    /** Learning-rate decay: {@code lr / (1 + decay·t)} after t steps (default 0, none). */
    public Optimizer decay(float decay) {
        if (!(decay >= 0f) || !Float.isFinite(decay)) {
            throw new IllegalArgumentException("decay must be finite and >= 0, got " + decay);
        }
        this.decay = decay;
        return this;
    }

    /** Per-parameter state arrays this optimiser keeps (Adam 2: m, v). */
    protected abstract int slotCount();

    /**
     * One update of w[off, off + len) from g with learning rate lr; t is the 1-based step. Called
     * for disjoint ranges, possibly from several threads at once: it must touch only that range.
     */
    protected abstract void update(float[] w, float[] g, float[][] slots, int off, int len,
                                   float lr, long t);

    /** Applies one step to {@code params} from {@code grads} (same length). */
    public final void step(float[] params, float[] grads) {
        beginStep(params.length);
        stepRange(params, grads, 0, params.length);
    }

    /**
     * Starts a step over {@code parameterCount} parameters (allocating the state on first use);
     * then {@link #stepRange} updates disjoint ranges, from any threads, with this step's learning
     * rate. {@code beginStep} + {@code stepRange} over [0, n) is exactly {@link #step}.
     */
    public final void beginStep(int parameterCount) {
        if (slots.length != slotCount() || (slots.length > 0 && slots[0].length != parameterCount)) {
            slots = new float[slotCount()][parameterCount];
        }
        stepLearningRate = learningRate();
        steps++;
    }

    /** Updates params[from, to) for the step begun by {@link #beginStep}. */
    public final void stepRange(float[] params, float[] grads, int from, int to) {
        update(params, grads, slots, from, to - from, stepLearningRate, steps);
    }

    /** The learning rate the next step uses. */
    public float learningRate() {
        return decay == 0f ? learningRate : (float) (learningRate / (1.0 + decay * (double) steps));
    }

    /** The learning-rate decay d in lr/(1 + d·t) (0: none). */
    public float decay() {
        return decay;
    }

    /** The initial learning rate. */
    public float initialLearningRate() {
        return learningRate;
    }

    /** Steps taken so far. */
    public long steps() {
        return steps;
    }

    /** A copy of the per-parameter state, slot after slot (empty before the first step). */
    public float[] state() {
        float[] flat = new float[slots.length == 0 ? 0
                : ArraySizes.product("the optimizer state", "values", slots.length, slots[0].length)];
        for (int s = 0; s < slots.length; s++) {
            System.arraycopy(slots[s], 0, flat, s * slots[s].length, slots[s].length);
        }
        return flat;
    }

    /**
     * Restores {@link #state()} and {@link #steps()} for a model of {@code parameterCount}
     * parameters (an empty state with steps 0 resets the optimiser).
     */
    public void restore(float[] state, long steps, int parameterCount) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        if (state.length == 0) {
            slots = new float[0][];
        } else {
            Network.checkFinite("optimizer state", state,
                    ArraySizes.product("the optimizer state", "values", slotCount(), parameterCount));
            slots = new float[slotCount()][];
            for (int s = 0; s < slots.length; s++) {
                slots[s] = Arrays.copyOfRange(state, s * parameterCount, (s + 1) * parameterCount);
            }
        }
        this.steps = steps;
    }

    static float positive(String name, float v) {
        if (!(v > 0f) || !Float.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
        }
        return v;
    }

    static float unitInterval(String name, float v) {
        if (!(v >= 0f && v < 1f)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + v);
        }
        return v;
    }
}
