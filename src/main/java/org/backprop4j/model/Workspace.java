package org.backprop4j.model;

import java.util.concurrent.ForkJoinPool;
import org.backprop4j.kernel.ArraySizes;
import org.backprop4j.kernel.GemmWorkspace;
import org.backprop4j.kernel.SingleOutput;

/**
 * The scratch memory of one forward/backward pass over up to {@link #capacity()} rows: each op's
 * output and the scratch it asks for (a dropout mask, row statistics), and two ping-pong gradient
 * buffers. Sized once, reused for every batch;
 * one workspace per thread (or per shard), never shared by concurrent passes.
 */
public final class Workspace {
    final int capacity;
    final Op[] ops;        // the network's, which passes check
    final float[][] out;   // out[i]: rows×width of op i's output
    final float[][] scratch; // scratch[i]: rows×op.scratchPerRow() (null when 0)
    final float[] gradA;   // rows×maxWidth
    final float[] gradB;
    boolean training;      // dropout active in the last forward
    int rows;              // rows of the last forward
    boolean preActivation; // gradA holds dL/d(pre-activation) of the last op (fused loss)
    final GemmWorkspace gemm; // the pass's GEMMs: their packing buffers, and their forks when on a pool (same bits)
    final float[] lanes = SingleOutput.newScratch(); // a one-output layer's lane sums

    Workspace(Op[] ops, int capacity, ForkJoinPool pool) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("workspace rows must be > 0, got " + capacity);
        }
        this.capacity = capacity;
        this.ops = ops;
        this.gemm = new GemmWorkspace(pool);
        Op widest = widest(ops);
        // the largest buffer; every other one is at most as long
        int gradientLength = ArraySizes.product("a workspace of " + capacity + " rows at " + widest.name,
                "values", capacity, width(widest));
        out = new float[ops.length][];
        scratch = new float[ops.length][];
        for (int i = 0; i < ops.length; i++) {
            out[i] = new float[capacity * ops[i].out];
            if (ops[i].scratchPerRow() > 0) {
                scratch[i] = new float[ArraySizes.product("a workspace of " + capacity + " rows at " + ops[i].name,
                        "scratch values", capacity, ops[i].scratchPerRow())];
            }
        }
        gradA = new float[gradientLength];
        gradB = new float[gradientLength];
    }

    /** Floats a workspace over {@code ops} holds per row of capacity: outputs, scratch, the two gradient buffers. */
    static long valuesPerRow(Op[] ops) {
        long values = 2L * width(widest(ops));
        for (Op op : ops) {
            values += op.out + op.scratchPerRow();
        }
        return values;
    }

    /** The op with the most inputs or outputs: its row sizes the two gradient buffers. */
    private static Op widest(Op[] ops) {
        Op widest = ops[0];
        for (Op op : ops) {
            widest = width(op) > width(widest) ? op : widest;
        }
        return widest;
    }

    private static int width(Op op) {
        return Math.max(op.in, op.out);
    }

    /** Most rows one pass can take. */
    public int capacity() {
        return capacity;
    }

    /** The network output of the last forward: rows×outputs from index 0 (live, not a copy). */
    public float[] output() {
        return out[out.length - 1];
    }
}
