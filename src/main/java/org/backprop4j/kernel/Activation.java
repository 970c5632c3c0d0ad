package org.backprop4j.kernel;

/**
 * The element-wise activations, each defined once: its name in model files, its scalar twin
 * ({@link #apply}), its derivative from the output ({@link #derivativeTimes}), and its vector
 * forward ({@link #forward}) and backward ({@link #backward}) over a rows×cols block.
 *
 * <p>The vector loops themselves live in {@link BiasActivation} (one for identity, ReLU and
 * leaky ReLU, one each for sigmoid and tanh) and {@link ActivationGradient} (one per
 * activation): the JIT keeps every vector in registers only in small loops whose vector code it
 * inlines whole (a loop calling a per-constant vector method was 5× slower, its vectors boxed;
 * BiasActivation says what merging more of them cost). The scalar twins here do exactly the
 * vector loops' arithmetic, so a row's tail or a one-output layer gives the same bits as the
 * vector lanes. Row-wise softmax is not one of them: it is {@link Softmax}.
 */
public enum Activation {
    /** f(x) = x. Model files call it LINEAR. */
    IDENTITY("LINEAR") {
        @Override
        public float apply(float x, float slope) {
            return x;
        }

        @Override
        public float derivativeTimes(float y, float dA, float slope) {
            return dA;
        }
    },
    /** f(x) = max(x, 0). */
    RELU("RELU") {
        @Override
        public float apply(float x, float slope) {
            return Math.max(x, 0f);
        }

        @Override
        public float derivativeTimes(float y, float dA, float slope) {
            return y <= 0f ? 0f : dA;
        }
    },
    /** f(x) = x for x &gt; 0, slope·x otherwise; with slope 0 exactly a ReLU (+0, never −0 or NaN). */
    LEAKY_RELU("LEAKY_RELU") {
        @Override
        public float apply(float x, float slope) {
            return slope == 0f ? Math.max(x, 0f) : x < 0f ? x * slope : x;
        }

        @Override
        public float derivativeTimes(float y, float dA, float slope) {
            return y <= 0f ? (slope == 0f ? 0f : dA * slope) : dA;
        }
    },
    /** f(x) = 1 / (1 + e^-x); f' = y(1 − y). */
    SIGMOID("SIGMOID") {
        @Override
        public float apply(float x, float slope) {
            return VectorMath.sigmoid(x);
        }

        @Override
        public float derivativeTimes(float y, float dA, float slope) {
            return Subnormals.flush(dA * y * (1f - y)); // a tiny y times a small dA: flushed, as the vector form
        }
    },
    /** f(x) = tanh(x); f' = 1 − y². */
    TANH("TANH") {
        @Override
        public float apply(float x, float slope) {
            return VectorMath.tanh(x);
        }

        @Override
        public float derivativeTimes(float y, float dA, float slope) {
            return dA * (1f - y * y);
        }
    };

    private final String fileName;

    Activation(String fileName) {
        this.fileName = fileName;
    }

    /** The scalar twin of the vector forward: f(x), the same bits as a vector lane. */
    public abstract float apply(float x, float slope);

    /** The scalar twin of the vector backward: dA·f'(x) from the output y = f(x). */
    public abstract float derivativeTimes(float y, float dA, float slope);

    /** The name model files store. */
    public String fileName() {
        return fileName;
    }

    /** The activation a model file names, or null for an unknown name. */
    public static Activation ofFileName(String name) {
        for (Activation a : values()) {
            if (a.fileName.equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** Whether He initialisation suits the layer before it (the ReLU family). */
    public boolean rectifier() {
        return this == RELU || this == LEAKY_RELU;
    }

    /** y = f(y) in place for rows×cols from {@code off} (leading dimension cols). */
    public void forward(float[] y, int off, int rows, int cols, float slope) {
        BiasActivation.apply(y, off, cols, rows, cols, null, 0, this, slope);
    }

    /**
     * dZ = dA ⊙ f'(y) for rows×cols (from index 0) and, when {@code biasGrad != null}, its column
     * sums into {@code biasGrad[bgOff ..]}. dZ may alias dA.
     */
    public void backward(float[] y, float[] dA, float[] dZ, int rows, int cols, float slope,
                         float[] biasGrad, int bgOff) {
        if (biasGrad == null && this == IDENTITY) {
            if (dA != dZ) {
                System.arraycopy(dA, 0, dZ, 0, rows * cols);
            }
            return;
        }
        ActivationGradient.backward(this, slope, y, 0, dA, 0, dZ, 0, rows, cols, biasGrad, bgOff);
    }
}
