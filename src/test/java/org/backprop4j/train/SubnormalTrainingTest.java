package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.Supplier;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Adagrad;
import org.backprop4j.model.Adam;
import org.backprop4j.model.AdamW;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Loss;
import org.backprop4j.model.Optimizer;
import org.backprop4j.model.RmsProp;
import org.backprop4j.model.Sgd;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training on inputs whose features have become always zero (an image's border, a dead unit):
 * the parameters fed by them get exactly zero gradients, and their optimiser state decays. Over
 * 2,000 such steps neither the parameters nor the optimiser state ever hold a subnormal (Intel
 * cores take a slow assist for each; Java cannot set flush-to-zero).
 */
class SubnormalTrainingTest {
    private static final int FEATURES = 6;
    private static final int ROWS = 32;

    @ParameterizedTest
    @ValueSource(strings = {"adam", "adam-fast-v", "adamw", "sgd-l2", "sgd-momentum", "sgd-nesterov", "rmsprop", "adagrad"})
    void noSubnormalsInParametersOrOptimiserStateOverTwoThousandSteps(String name) {
        Supplier<Optimizer> optimizer = switch (name) {
            case "adam" -> () -> new Adam(1e-2f);
            case "adam-fast-v" -> () -> new Adam(1e-2f).betas(0.9f, 0.9f); // v decays as fast as m
            case "adamw" -> () -> new AdamW(1e-2f).weightDecay(5f);
            case "sgd-l2" -> () -> new Sgd(0.1f);
            case "sgd-momentum" -> () -> new Sgd(0.1f).momentum(0.9f);
            case "sgd-nesterov" -> () -> new Sgd(0.1f).momentum(0.9f).nesterov(true);
            case "rmsprop" -> () -> new RmsProp(1e-2f);
            case "adagrad" -> () -> new Adagrad(0.1f).decay(1e-3f);
            default -> throw new IllegalArgumentException(name);
        };
        Dense first = new Dense(FEATURES, 8);
        if (name.equals("sgd-l2")) {
            first.weightL2(0.5f); // the weights of the silent features shrink by 0.9 per step
        }
        Sequential model = Sequential.of(first, Activations.relu(), new Dense(8, 3), Activations.softmax())
                .initialize(7).compile(Loss.categoricalCrossEntropy(), optimizer.get());
        Random r = new Random(1);
        float[] x = new float[ROWS * FEATURES];
        int[] y = new int[ROWS];
        for (int step = 0; step < 2050; step++) {
            boolean silent = step >= 50; // after 50 steps features 3.. are always zero
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < FEATURES; j++) {
                    x[i * FEATURES + j] = silent && j >= 3 ? 0f : (float) r.nextGaussian();
                }
                y[i] = x[i * FEATURES] > x[i * FEATURES + 1] ? 0 : x[i * FEATURES + 2] > 0 ? 1 : 2;
            }
            model.trainOnBatch(x, y);
            assertThat(subnormals(model.parameters())).as("%s: parameters after step %d", name, step).isZero();
            assertThat(subnormals(model.optimizer().state())).as("%s: optimiser state after step %d", name, step)
                    .isZero();
        }
    }

    private static int subnormals(float[] a) {
        int n = 0;
        for (float v : a) {
            n += v != 0f && Math.abs(v) < Float.MIN_NORMAL ? 1 : 0;
        }
        return n;
    }
}
