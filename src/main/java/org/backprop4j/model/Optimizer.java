package org.backprop4j.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.backprop4j.kernel.ArraySizes;
import org.backprop4j.kernel.Records;

/**
 * Updates a flat parameter buffer from its gradient buffer, one vectorised pass per step.
 * Learning-rate decay as nnfs: step t (1-based) uses {@code lr / (1 + decay·(t − 1))}.
 *
 * <p>Each optimiser is one class that owns three things: its {@link Settings} record (immutable;
 * what a model file stores, component by component), its state layout ({@link #slotCount()}
 * per-parameter arrays) and its update kernel ({@link #update}). The fluent setters
 * ({@code new Adam(1e-3f).decay(1e-4f)}) replace the record.
 *
 * <p>State for checkpoints: {@link #state()} (the per-parameter moments, slot after slot),
 * {@link #steps()} and {@link #learningRate()}; {@link #restore} puts them back so training
 * resumes exactly.
 */
public abstract class Optimizer {

    /**
     * An optimiser's hyper-parameters as an immutable record. A model file stores its
     * {@link #name()} and then its record components in declaration order (float as a float,
     * boolean as one byte 0 or 1), and reads them back through the canonical constructor, which
     * validates them.
     */
    public interface Settings {
        /** The kind, as model files and the command line spell it (one of {@link Optimizer#NAMES}). */
        String name();

        /** The initial learning rate. */
        float learningRate();

        /** Learning-rate decay d in {@code lr / (1 + d·steps)} (0: none). */
        float decay();

        /** These settings with another initial learning rate. */
        default Settings withLearningRate(float learningRate) {
            return with(this, "learningRate", learningRate);
        }

        /** These settings with another learning-rate decay. */
        default Settings withDecay(float decay) {
            return with(this, "decay", decay);
        }

        /** A new optimiser with these settings and no state. */
        Optimizer build();
    }

    /** Every optimiser kind, by name: the one table a new optimiser is added to. */
    private static final Map<String, Function<Float, Optimizer>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("adam", Adam::new);
        KINDS.put("adamw", AdamW::new);
        KINDS.put("sgd", Sgd::new);
        KINDS.put("rmsprop", RmsProp::new);
        KINDS.put("adagrad", Adagrad::new);
    }

    /** The names {@link #named} accepts. */
    public static final List<String> NAMES = List.copyOf(KINDS.keySet());

    private Settings settings;
    private long steps;
    private float[][] slots = new float[0][];
    private float stepLearningRate;

    protected Optimizer(Settings settings) {
        this.settings = settings;
    }

    /**
     * The optimiser called {@code name} (case-insensitive, one of {@link #NAMES}) with learning
     * rate {@code learningRate}, {@code decay}, and its defaults for everything else.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Optimizer named(String name, float learningRate, float decay) {
        Function<Float, Optimizer> kind = KINDS.get(name.toLowerCase(Locale.ROOT));
        if (kind == null) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected one of "
                    + String.join(", ", NAMES));
        }
        return kind.apply(learningRate).decay(decay);
    }

    /** The record type of the settings of the optimiser called {@code name}, or null for an unknown name. */
    public static Class<? extends Settings> settingsType(String name) {
        Function<Float, Optimizer> kind = KINDS.get(name);
        return kind == null ? null : kind.apply(1f).settings().getClass();
    }

    /** The current settings. */
    public Settings settings() {
        return settings;
    }

    /** Replaces the settings (the fluent setters); the state is kept. */
    protected final void change(Settings settings) {
        this.settings = settings;
    }

    /** Learning-rate decay: {@code lr / (1 + decay·t)} after t steps (default 0, none). */
    public Optimizer decay(float decay) {
        change(settings.withDecay(decay));
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
        float lr = settings.learningRate();
        float decay = settings.decay();
        return decay == 0f ? lr : (float) (lr / (1.0 + decay * (double) steps));
    }

    /** The learning-rate decay d in lr/(1 + d·t) (0: none). */
    public float decay() {
        return settings.decay();
    }

    /** The initial learning rate. */
    public float initialLearningRate() {
        return settings.learningRate();
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

    /** How many values {@link #state()} holds, once a step has run, for {@code parameterCount} parameters. */
    public long stateLength(int parameterCount) {
        return (long) slotCount() * parameterCount;
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

    @Override
    public String toString() {
        String record = settings.toString(); // "Settings[learningRate=…, …]"
        return getClass().getSimpleName() + record.substring(record.indexOf('['));
    }

    /** {@code settings} with its component {@code name} replaced: one copy method for every optimiser's record and setter. */
    @SuppressWarnings("unchecked")
    static <S extends Settings> S with(S settings, String name, Object value) {
        return (S) Records.with((Record) settings, name, value);
    }

    /** The checks every settings record makes on the learning rate and its decay. */
    static void checkSchedule(float learningRate, float decay) {
        positive("learning rate", learningRate);
        if (!(decay >= 0f) || !Float.isFinite(decay)) {
            throw new IllegalArgumentException("decay must be finite and >= 0, got " + decay);
        }
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
