package io.kvstore.engine.table;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measurement, not a test: heap footprint and random-get throughput of {@link HashTable} against
 * {@code ConcurrentHashMap<ByteKeyWrapper, byte[]>} for N entries of 16-byte random keys and 100-byte values.
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

        // --- random gets
        System.out.println();
        System.out.println("== random get throughput (ops/s; best of " + rounds + " rounds)");
        for (int threads : new int[] {1, 2}) {
            // warm-up
            for (int w = 0; w < 3; w++) {
                runTable(table, keys, lookups / 4, threads);
                runChm(chm, keys, lookups / 4, threads);
            }
            double bestTable = 0;
            double bestChm = 0;
            double bestTracked = 0;
            for (int r = 0; r < rounds; r++) {
                bestTable = Math.max(bestTable, runTable(table, keys, lookups, threads));
                bestChm = Math.max(bestChm, runChm(chm, keys, lookups, threads));
            }
            for (int w = 0; w < 2; w++) {
                runTable(tracked, keys, lookups / 4, threads);
            }
            for (int r = 0; r < rounds; r++) {
                bestTracked = Math.max(bestTracked, runTable(tracked, keys, lookups, threads));
            }
            System.out.printf("threads=%d  HashTable %,.0f  ConcurrentHashMap %,.0f  ratio %.2f"
                    + "   | HashTable(trackAccess) %,.0f ratio %.2f%n",
                    threads, bestTable, bestChm, bestTable / bestChm, bestTracked, bestTracked / bestChm);
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

    private static double runTable(HashTable t, byte[][] keys, long ops, int threads) throws InterruptedException {
        return parallel(threads, ops, (o, seed) -> getsTable(t, keys, o, seed));
    }

    private static double runChm(ConcurrentHashMap<ByteKeyWrapper, byte[]> m, byte[][] keys, long ops, int threads)
            throws InterruptedException {
        return parallel(threads, ops, (o, seed) -> getsChm(m, keys, o, seed));
    }

    private static double parallel(int threads, long ops, Body body) throws InterruptedException {
        long perThread = ops / threads;
        Thread[] ts = new Thread[threads];
        long[] sums = new long[threads];
        for (int i = 0; i < threads; i++) {
            final int id = i;
            ts[i] = new Thread(() -> sums[id] = body.run(perThread, 0x9E3779B97F4A7C15L * (id + 1) + System.nanoTime()));
        }
        long t0 = System.nanoTime();
        for (Thread t : ts) {
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        long elapsed = System.nanoTime() - t0;
        for (long s : sums) {
            sink += s;
        }
        return perThread * threads * 1e9 / elapsed;
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
