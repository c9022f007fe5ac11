package io.kvstore.bench.engine;

import io.kvstore.bench.Dirs;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child-JVM entry point that measures the heap one engine-level system holds for {@code entries} rows: heap used
 * after full collections before and after loading, divided by the row count. Run one JVM per system
 * ({@link FootprintRunner} does), so that nothing else is on the heap.
 *
 * <p>Prints one line {@code footprint <system> <entries> <measuredBytes> <reportedBytes>}, where
 * {@code reportedBytes} is what the system says it holds ({@code KvStore.stats().memoryUsed()}) or -1.
 */
public final class FootprintMain {
    private FootprintMain() {
    }

    /** Arguments: system name, entry count. */
    public static void main(String[] args) throws Exception {
        String system = args[0];
        int entries = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("kv-bench-footprint-");
        try {
            long before = settledHeap();
            EngineMap map = EngineMaps.open(system, dir.resolve("store"));
            map.load(entries);
            long after = settledHeap();
            long reported = map.reportedMemory();
            System.out.println("footprint " + system + " " + entries + " " + (after - before) + " " + reported);
            Reference.reachabilityFence(map);
            map.close();
        } finally {
            Dirs.deleteRecursively(dir);
        }
    }

    /** Heap used once repeated full collections stop freeing memory. */
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
