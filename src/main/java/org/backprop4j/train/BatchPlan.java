package org.backprop4j.train;

import java.io.Serializable;
import org.backprop4j.kernel.SplitMix64;

/**
 * Which rows each optimiser step trains on, and how a step is cut into shards. It is the one
 * definition shared by {@link Sequential#fit} and by trainers that hold their rows in several places
 * (the Spark module's executors). So both give the same weights, bit for bit.
 *
 * <p>The rows are {@code blocks} contiguous blocks of nearly equal size: block p holds rows
 * [{@link #blockStart}(p), blockStart(p + 1)), where blockStart(p) = ⌊p·rows/blocks⌋.
 * <ul>
 *   <li>Each epoch, each block is shuffled on its own, or keeps its order.</li>
 *   <li>Step b takes positions [b·share, (b+1)·share) of every block's order, where
 *       share = ⌈batchSize/blocks⌉; a block that runs out gives fewer rows, or none.</li>
 *   <li>A block's rows of a step are cut into shards of {@code shardSize} rows. Shard j of block p
 *       has the id p·{@link #shardsPerBlock()} + j, which seeds its dropout.</li>
 *   <li>A step's gradient is summed shard by shard within each block, then block by block, always
 *       in that order.</li>
 * </ul>
 * With one block this is plain minibatch training over one shuffled order. With k blocks it is
 * data-parallel training over k partitions, each shuffling its own rows, as a cluster does.
 * Serializable, so that a driver can ship it to the machines that hold the blocks.
 */
public final class BatchPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int blocks;
    private final int share;
    private final int shardSize;
    private final boolean shuffle;
    private final long seed;

    /**
     * @param rows      training rows, ≥ 1
     * @param blocks    blocks, 1 ≤ blocks ≤ rows
     * @param batchSize rows per step over all blocks, ≥ 1 (each block gives ⌈batchSize/blocks⌉)
     * @param shardSize rows per shard, ≥ 1 (capped at a block's share)
     * @param shuffle   whether each epoch shuffles each block
     * @param seed      the shuffling and dropout seed
     */
    public BatchPlan(int rows, int blocks, int batchSize, int shardSize, boolean shuffle, long seed) {
        if (rows < 1 || blocks < 1 || blocks > rows || batchSize < 1 || shardSize < 1) {
            throw new IllegalArgumentException("a batch plan needs rows ≥ 1, 1 ≤ blocks ≤ rows, batch size ≥ 1 and"
                    + " shard size ≥ 1; got " + rows + " rows, " + blocks + " blocks, batch size " + batchSize
                    + ", shard size " + shardSize);
        }
        this.rows = rows;
        this.blocks = blocks;
        this.share = (int) Math.min(Integer.MAX_VALUE, ((long) batchSize + blocks - 1) / blocks);
        this.shardSize = Math.min(shardSize, share);
        this.shuffle = shuffle;
        this.seed = seed;
    }

    public int rows() {
        return rows;
    }

    public int blocks() {
        return blocks;
    }

    /** Rows each block gives a step (fewer where a block runs out). */
    public int share() {
        return share;
    }

    public int shardSize() {
        return shardSize;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public long seed() {
        return seed;
    }

    /** Shard ids reserved per block: ⌈share/shardSize⌉. */
    public int shardsPerBlock() {
        return (int) (((long) share + shardSize - 1) / shardSize); // share may be near 2^31 (a batch of all rows)
    }

    /** The most shards a step has. */
    public int maxShards() {
        return blocks * shardsPerBlock();
    }

    /** The first row of block p. */
    public int blockStart(int p) {
        return (int) ((long) rows * p / blocks);
    }

    /** Rows in block p. */
    public int blockRows(int p) {
        return blockStart(p + 1) - blockStart(p);
    }

    /** Steps per epoch: until the largest block runs out. */
    public int batches() {
        int largest = blockRows(blocks - 1); // ⌊p·rows/blocks⌋ makes the last block the largest
        return (int) (((long) largest + share - 1) / share);
    }

    /** Rows that block p gives step b. */
    public int stepRows(int p, int b) {
        long left = blockRows(p) - (long) b * share;
        return (int) Math.max(0, Math.min(share, left));
    }

    /** Rows in step b over all blocks: the divisor of the step's mean loss. */
    public int batchRows(int b) {
        int n = 0;
        for (int p = 0; p < blocks; p++) {
            n += stepRows(p, b);
        }
        return n;
    }

    /** The seed of step b of epoch e, from which each shard's dropout seed derives. */
    public long batchSeed(int epoch, int b) {
        return SplitMix64.derive(SplitMix64.derive(seed ^ 0x5EEDL, epoch), b);
    }

    /** The dropout seed of shard {@code id} of a step. */
    public static long shardSeed(long batchSeed, int id) {
        return SplitMix64.derive(batchSeed, id);
    }

    /**
     * Block p's order in epoch e: a permutation of its own rows 0 .. blockRows(p) − 1 (positions
     * within the block), written to out[off ..]. It is Fisher–Yates seeded by (seed, e), and by
     * (seed, e, p) when there are several blocks; without shuffling it is the identity.
     */
    public void order(int epoch, int p, int[] out, int off) {
        int n = blockRows(p);
        for (int i = 0; i < n; i++) {
            out[off + i] = i;
        }
        if (!shuffle) {
            return;
        }
        long s = SplitMix64.derive(seed, epoch);
        if (blocks > 1) {
            s = SplitMix64.derive(s, p);
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) (SplitMix64.uniform(s, i) * (i + 1));
            int t = out[off + i];
            out[off + i] = out[off + j];
            out[off + j] = t;
        }
    }

    /** Every block's order in epoch e as one permutation of all rows (row indices, block after block). */
    public void order(int epoch, int[] out) {
        for (int p = 0; p < blocks; p++) {
            int start = blockStart(p);
            order(epoch, p, out, start);
            for (int i = start, end = blockStart(p + 1); i < end; i++) {
                out[i] += start;
            }
        }
    }

    @Override
    public String toString() {
        return "BatchPlan[rows=" + rows + ", blocks=" + blocks + ", share=" + share + ", shardSize=" + shardSize
                + ", shuffle=" + shuffle + ", seed=" + seed + "]";
    }
}
