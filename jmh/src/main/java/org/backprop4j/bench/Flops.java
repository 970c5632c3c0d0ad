package org.backprop4j.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A JMH auxiliary counter of floating-point operations. In throughput mode with an output unit of
 * nanoseconds JMH reports it as {@code flop} in ops/ns, which is GFLOP/s, with error bars.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Flops {
    public long flop;

    @Setup(Level.Iteration)
    public void reset() {
        flop = 0;
    }
}
