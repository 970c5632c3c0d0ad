package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;
import org.backprop4j.model.Activations;
import org.backprop4j.model.Dense;
import org.backprop4j.model.Network;
import org.backprop4j.model.Workspace;
import org.junit.jupiter.api.Test;

class WorkspacePoolTest {
    private final Network net = new Network(1L, new Dense(3, 4), Activations.relu(), new Dense(4, 2));

    @Test
    void aGivenBackWorkspaceIsLentAgainAndExtrasAreMadeAndDroppedBeyondTheSlots() {
        AtomicInteger made = new AtomicInteger();
        WorkspacePool pool = new WorkspacePool(2, () -> {
            made.incrementAndGet();
            return net.newWorkspace(8);
        });
        Workspace first = pool.take();
        pool.giveBack(first);
        assertThat(pool.take()).as("the kept workspace, lent again").isSameAs(first);
        Workspace second = pool.take();
        Workspace third = pool.take();
        assertThat(made.get()).as("workspaces made for three callers at once").isEqualTo(3);
        pool.giveBack(first);
        pool.giveBack(second);
        pool.giveBack(third); // both slots full: dropped
        Set<Workspace> lent = Collections.newSetFromMap(new IdentityHashMap<>());
        lent.add(pool.take());
        lent.add(pool.take());
        assertThat(lent).containsExactlyInAnyOrder(first, second);
        assertThat(made.get()).isEqualTo(3);
        pool.take();
        assertThat(made.get()).as("a third concurrent caller gets a new one").isEqualTo(4);
    }

    @Test
    void noWorkspaceIsEverLentToTwoCallersAtOnce() throws Exception {
        WorkspacePool pool = new WorkspacePool(3, () -> net.newWorkspace(8));
        Set<Workspace> inUse = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        AtomicInteger clashes = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < 20_000; i++) {
                    Workspace ws = pool.take();
                    if (!inUse.add(ws)) {
                        clashes.incrementAndGet();
                    }
                    Thread.onSpinWait();
                    inUse.remove(ws);
                    pool.giveBack(ws);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertThat(clashes.get()).as("workspaces lent to two callers at once").isZero();
    }
}
