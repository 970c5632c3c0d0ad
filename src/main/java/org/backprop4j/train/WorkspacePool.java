package org.backprop4j.train;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.backprop4j.model.Workspace;

/**
 * Inference workspaces lent to concurrent callers of predict and evaluate: up to {@code slots}
 * kept for reuse, more made on demand while more callers run at once. Unlike one workspace per
 * thread, memory is bounded by the number of concurrent callers, not the number of threads that
 * ever called (a server's request threads), and nothing is lost when a pool's worker drops its
 * thread-locals (the common pool's do whenever they go idle). Taking and giving back allocate
 * nothing.
 */
final class WorkspacePool {
    private final AtomicReferenceArray<Workspace> free;
    private final Supplier<Workspace> make;

    WorkspacePool(int slots, Supplier<Workspace> make) {
        this.free = new AtomicReferenceArray<>(slots);
        this.make = make;
    }

    /** A workspace for this caller alone until {@link #giveBack}: a kept one, or a new one. */
    Workspace take() {
        int n = free.length();
        int start = firstSlot(n);
        for (int i = 0; i < n; i++) {
            int slot = (start + i) % n;
            Workspace ws = free.get(slot);
            if (ws != null && free.compareAndSet(slot, ws, null)) {
                return ws;
            }
        }
        return make.get();
    }

    /** Returns a workspace from {@link #take}; it is dropped when every slot is full. */
    void giveBack(Workspace ws) {
        int n = free.length();
        int start = firstSlot(n);
        for (int i = 0; i < n; i++) {
            int slot = (start + i) % n;
            if (free.get(slot) == null && free.compareAndSet(slot, null, ws)) {
                return;
            }
        }
    }

    /** Threads start their scans at different slots, so that they seldom contend for one. */
    private static int firstSlot(int n) {
        return Math.floorMod(System.identityHashCode(Thread.currentThread()), n);
    }
}
