package io.kvstore.engine.table;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measurement, not a test: heap footprint and random-get throughput of {@link HashTable} against
 * {@code ConcurrentHashMap<ByteKeyWrapper, byte[]>} for N entries of 16-byte random keys and 100-byte values.
 *
 * <p>Heap: retained bytes (used heap after repeated {@code System.gc()}, before and after building, with the probe
 * keys allocated beforehand so they are not counted); the overhead is what is left after the 116 payload bytes.
 * The table's records are made with {@link EntryRecord#encode} (version 1..N, timestamps within the last day, half
 * of them updated up to an hour after creation); the map holds its own copy of each key plus the value array.
 *
 * <p>Throughput: uniformly random gets of present keys, 1 and 2 threads. The map is probed as a store built on it
 * would be: a new wrapper (hashing the key with {@link Arrays#hashCode(byte[])}) per get. The structures are timed
 * in alternating rounds; the best round counts. Both wall-clock and per-thread-CPU-time rates are printed: on a
 * machine shared with other work the CPU-time figure is the steadier one.
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -q -o -pl kv-engine test-compile &amp;&amp; java -Xmx4g \
 *   -cp kv-engine/target/classes:kv-engine/target/test-classes io.kvstore.engine.table.HashTableFootprint \
 *   [entries=1000000] [lookups=20000000] [rounds=3]
 * </pre>
 */
public final class HashTableFootprint {
    private static final int KEY_BYTES = 16;
    private static final int VALUE_BYTES = 100;
    private static final int PAYLOAD = KEY_BYTES + VALUE_BYTES;

    private static volatile long sink;

    private HashTableFootprint() {
    }

    /** The map key a ConcurrentHashMap-based index would use: equals/hashCode over the bytes. */
    static final class ByteKeyWrapper {
        final byte[] bytes;
        final int hash;

        ByteKeyWrapper(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByteKeyWrapper && Arrays.equals(bytes, ((ByteKeyWrapper) o).bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long lookups = args.length > 1 ? Long.parseLong(args[1]) : 20_000_000L;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf("entries=%,d keys=%dB values=%dB lookups=%,d rounds=%d jvm=%s%n", n, KEY_BYTES,
                VALUE_BYTES, lookups, rounds, System.getProperty("java.vm.version"));

        SplittableRandom rnd = new SplittableRandom(42);
        byte[][] keys = new byte[n][KEY_BYTES];
        for (byte[] k : keys) {
            rnd.nextBytes(k);
        }
        long now = System.currentTimeMillis();

        // --- HashTable
        long base = usedHeap();
        HashTable table = new HashTable(false);
        fillTable(table, keys, now, new SplittableRandom(7));
        long tableHeap = usedHeap() - base;

        // --- HashTable with access tracking
        base = usedHeap();
        HashTable tracked = new HashTable(true);
        fillTable(tracked, keys, now, new SplittableRandom(7));
        long trackedHeap = usedHeap() - base;

        // --- ConcurrentHashMap
        base = usedHeap();
        ConcurrentHashMap<ByteKeyWrapper, byte[]> chm = new ConcurrentHashMap<>();
        SplittableRandom vr = new SplittableRandom(7);
        for (byte[] key : keys) {
            byte[] v = new byte[VALUE_BYTES];
            vr.nextBytes(v);
            chm.put(new ByteKeyWrapper(key.clone()), v);
        }
        long chmHeap = usedHeap() - base;

        System.out.println();
        System.out.println("== heap (retained, measured with System.gc() + MemoryMXBean)");
        report("HashTable", tableHeap, n, table.memoryUsed(), table);
        report("HashTable(trackAccess)", trackedHeap, n, tracked.memoryUsed(), tracked);
        report("ConcurrentHashMap", chmHeap, n, -1, null);

        // --- random gets. The three structures are timed in alternation, so that a machine shared with other work
        // disturbs them alike; besides wall-clock throughput, "cpu" is lookups per second of the threads' own CPU
        // time (less sensitive to the threads being descheduled on a busy machine).
        System.out.println();
        System.out.println("== random get throughput, best of " + rounds + " alternating rounds of " + lookups
                + " lookups");
        for (int threads : new int[] {1, 2}) {
            for (int w = 0; w < 2; w++) { // warm-up
                runTable(table, keys, lookups / 4, threads);
                runChm(chm, keys, lookups / 4, threads);
                runTable(tracked, keys, lookups / 4, threads);
            }
            Rate bestTable = new Rate();
            Rate bestChm = new Rate();
            Rate bestTracked = new Rate();
            for (int r = 0; r < rounds; r++) {
                bestTable.max(runTable(table, keys, lookups, threads));
                bestChm.max(runChm(chm, keys, lookups, threads));
                bestTracked.max(runTable(tracked, keys, lookups, threads));
            }
            System.out.printf("threads=%d wall: HashTable %,.0f ops/s  CHM %,.0f ops/s  ratio %.2f"
                    + "  | HashTable(trackAccess) %,.0f ratio %.2f%n", threads, bestTable.wall, bestChm.wall,
                    bestTable.wall / bestChm.wall, bestTracked.wall, bestTracked.wall / bestChm.wall);
            System.out.printf("threads=%d cpu:  HashTable %,.0f ops/s  CHM %,.0f ops/s  ratio %.2f"
                    + "  | HashTable(trackAccess) %,.0f ratio %.2f%n", threads, bestTable.cpu, bestChm.cpu,
                    bestTable.cpu / bestChm.cpu, bestTracked.cpu, bestTracked.cpu / bestChm.cpu);
        }
        // keep everything reachable until the end
        sink += table.size() + tracked.size() + chm.size() + keys.length;
    }

    private static void fillTable(HashTable table, byte[][] keys, long now, SplittableRandom vr) {
        SplittableRandom meta = new SplittableRandom(99);
        long version = 1;
        for (byte[] key : keys) {
            byte[] v = new byte[VALUE_BYTES];
            vr.nextBytes(v);
            long created = now - meta.nextLong(86_400_000L); // within the last day
            long updated = meta.nextBoolean() ? created : created + meta.nextLong(3_600_000L);
            table.put(EntryRecord.encode(key, v, version++, created, updated));
        }
    }

    private static void report(String name, long heap, int n, long memoryUsed, HashTable t) {
        double perEntry = (double) heap / n;
        System.out.printf("%-24s retained %,d B = %.1f B/entry, overhead beyond %d payload bytes %.1f B/entry",
                name, heap, perEntry, PAYLOAD, perEntry - PAYLOAD);
        if (memoryUsed >= 0) {
            System.out.printf("; memoryUsed() %,d (%.1f%% of measured), buckets %,d, load %.3f", memoryUsed,
                    100.0 * memoryUsed / heap, t.bucketCount(), t.loadFactor());
        }
        System.out.println();
    }

    private static long usedHeap() throws InterruptedException {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, mx.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private interface Body {
        long run(long ops, long seed);
    }

    /** Throughput of one run: by wall-clock time and by the threads' CPU time. */
    private static final class Rate {
        double wall;
        double cpu;

        void max(Rate r) {
            wall = Math.max(wall, r.wall);
            cpu = Math.max(cpu, r.cpu);
        }
    }

    private static Rate runTable(HashTable t, byte[][] keys, long ops, int threads) throws InterruptedException {
        return parallel(threads, ops, (o, seed) -> getsTable(t, keys, o, seed));
    }

    private static Rate runChm(ConcurrentHashMap<ByteKeyWrapper, byte[]> m, byte[][] keys, long ops, int threads)
            throws InterruptedException {
        return parallel(threads, ops, (o, seed) -> getsChm(m, keys, o, seed));
    }

    private static Rate parallel(int threads, long ops, Body body) throws InterruptedException {
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        long perThread = ops / threads;
        Thread[] ts = new Thread[threads];
        long[] sums = new long[threads];
        long[] cpu = new long[threads];
        for (int i = 0; i < threads; i++) {
            final int id = i;
            final long seed = 0x9E3779B97F4A7C15L * (id + 1) + System.nanoTime();
            ts[i] = new Thread(() -> {
                long c0 = tmx.getCurrentThreadCpuTime();
                sums[id] = body.run(perThread, seed);
                cpu[id] = tmx.getCurrentThreadCpuTime() - c0;
            });
        }
        long t0 = System.nanoTime();
        for (Thread t : ts) {
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        long elapsed = System.nanoTime() - t0;
        long cpuTotal = 0;
        for (int i = 0; i < threads; i++) {
            sink += sums[i];
            cpuTotal += cpu[i];
        }
        Rate r = new Rate();
        r.wall = perThread * threads * 1e9 / elapsed;
        r.cpu = perThread * threads * 1e9 / ((double) cpuTotal / threads);
        return r;
    }

    private static long getsTable(HashTable t, byte[][] keys, long ops, long seed) {
        long x = seed | 1;
        long n = keys.length;
        long sum = 0;
        for (long i = 0; i < ops; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            byte[] r = t.get(keys[(int) (((x >>> 32) * n) >>> 32)]);
            sum += r.length;
        }
        return sum;
    }

    private static long getsChm(ConcurrentHashMap<ByteKeyWrapper, byte[]> m, byte[][] keys, long ops, long seed) {
        long x = seed | 1;
        long n = keys.length;
        long sum = 0;
        for (long i = 0; i < ops; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            byte[] v = m.get(new ByteKeyWrapper(keys[(int) (((x >>> 32) * n) >>> 32)]));
            sum += v.length;
        }
        return sum;
    }
}
