package org.backprop4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Optimizer#stateLength} says, before any step, how long {@link Optimizer#state} will be. */
class OptimizerStateTest {

    @Test
    void stateLengthIsTheStatesLengthOnceAStepHasRun() {
        List<Optimizer> all = List.of(new Sgd(0.1f), new Sgd(0.1f).momentum(0.9f), new Adam(), new AdamW(),
                new RmsProp(), new Adagrad());
        long[] slots = {0, 1, 2, 2, 1, 1};
        for (int i = 0; i < all.size(); i++) {
            Optimizer o = all.get(i);
            assertThat(o.state()).as("%s before a step", o).isEmpty();
            assertThat(o.stateLength(3)).as("%s", o).isEqualTo(3 * slots[i]);
            o.step(new float[] {1, 2, 3}, new float[] {0.5f, -1, 2});
            assertThat((long) o.state().length).as("%s after a step", o).isEqualTo(o.stateLength(3));
        }
    }
}
