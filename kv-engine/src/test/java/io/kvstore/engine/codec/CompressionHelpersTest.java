package io.kvstore.engine.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CompressionHelpersTest {
    @Test
    void forEach_manyIndexes_runsEachExactlyOnceAndPublishesTheWrites() {
        for (int count : new int[] {0, 1, CompressionHelpers.MIN_PARALLEL - 1, CompressionHelpers.MIN_PARALLEL,
                1000, 10_007}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(count, 1));
            int[] plain = new int[Math.max(count, 1)]; // written without synchronization: forEach publishes it
            CompressionHelpers.forEach(count, i -> {
                runs.incrementAndGet(i);
                plain[i] = i + 1;
            });
            for (int i = 0; i < count; i++) {
                assertEquals(1, runs.get(i), "index " + i + " of " + count);
                assertEquals(i + 1, plain[i], "index " + i + " of " + count);
            }
        }
    }

    @Test
    void forEach_smallCount_runsInTheCallersThreadOnly() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CompressionHelpers.forEach(CompressionHelpers.MIN_PARALLEL - 1, i -> threads.add(Thread.currentThread()));
        assertEquals(Set.of(Thread.currentThread()), threads);
    }

    @Test
    void forEach_largeCount_callerTakesPartAndHelpersAreDaemons() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CompressionHelpers.forEach(100_000, i -> threads.add(Thread.currentThread()));
        assertTrue(threads.contains(Thread.currentThread()), "the writer always takes part");
        assertTrue(threads.size() <= 1 + CompressionHelpers.helpers());
        for (Thread t : threads) {
            assertTrue(t == Thread.currentThread() || (t.isDaemon() && t.getName().startsWith("kvstore-compress-")),
                    t.getName());
        }
    }

    @Test
    void forEach_taskThrowsInAHelper_callerStillReturns() {
        AtomicIntegerArray runs = new AtomicIntegerArray(5000);
        Thread caller = Thread.currentThread();
        CompressionHelpers.forEach(5000, i -> {
            if (Thread.currentThread() != caller) {
                throw new IllegalStateException("helper fails");
            }
            runs.incrementAndGet(i);
        });
        for (int i = 0; i < 5000; i++) {
            assertTrue(runs.get(i) <= 1);
        }
    }
}
