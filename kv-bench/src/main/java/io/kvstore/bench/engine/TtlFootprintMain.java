package io.kvstore.bench.engine;

import io.kvstore.bench.Data;
import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;

/**
 * Child-JVM entry point of {@link TtlBench}'s memory part: loads {@code entries} rows into an in-memory store,
 * every {@code every}-th with an expiry an hour away (0: none; 1: all; 2: half), and prints
 * {@code ttlfootprint <entries> <withTtl> <measuredBytes> <reportedBytes>}: heap used after full collections
 * before and after loading, and {@code stats().memoryUsed()}.
 */
public final class TtlFootprintMain {
    private TtlFootprintMain() {
    }

    /** Arguments: entry count, every (0, 1 or 2). */
    public static void main(String[] args) throws Exception {
        int entries = Integer.parseInt(args[0]);
        int every = Integer.parseInt(args[1]);
        long before = settledHeap();
        KvStore store = KvStore.inMemory(KvOptions.builder().expirySweepMillis(0).build());
        long expires = System.currentTimeMillis() + 3_600_000;
        int withTtl = 0;
        for (int start = 0; start < entries; start += 10_000) {
            try (KvTransaction tx = store.begin()) {
                for (int i = start; i < Math.min(entries, start + 10_000); i++) {
                    boolean ttl = every > 0 && i % every == 0;
                    tx.put(Data.key(i), Data.value(i), ttl ? expires : 0);
                    withTtl += ttl ? 1 : 0;
                }
                tx.commit();
            }
        }
        long after = settledHeap();
        System.out.println("ttlfootprint " + entries + " " + withTtl + " " + (after - before) + " "
                + store.stats().memoryUsed());
        Reference.reachabilityFence(store);
        store.close();
    }

    private static long settledHeap() throws InterruptedException {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(50);
            long used = mx.getHeapMemoryUsage().getUsed();
            if (Math.abs(last - used) < 4096) {
                return used;
            }
            last = used;
        }
        return last;
    }
}
