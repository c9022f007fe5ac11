package io.kvstore.bench.engine;

import io.kvstore.bench.Data;
import io.kvstore.bench.report.Measurement;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import io.kvstore.engine.KvValueReader;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Engine reads measured side by side in one JVM: an in-memory {@link KvStore} and a
 * {@code ConcurrentHashMap<BytesKey, byte[]>} loaded with the same entries, then short slices of random gets
 * (kvstore copying {@code get}, kvstore {@code get(key, reader)} without a copy, ConcurrentHashMap {@code get})
 * taken in turn, round after round, so that a machine whose speed drifts (shared, noisy) slows every system
 * alike; the median slice of each is reported. A slice's rate is operations per second of CPU time of its
 * reader threads (each thread's own CPU clock), not of wall-clock time: on a machine shared with many other
 * processes the wall clock mostly measures how long the threads waited for a core. A complement to JMH's separate forks, whose runs minutes apart
 * cannot be compared on such a machine. Each system has its own loop method, so no call site sees two maps.
 *
 * <p>Thread-safety: confined to the calling thread (which starts the reader threads).
 */
public final class InterleavedReads {
    private static final KvValueReader<byte[]> STORED = (bytes, offset, length) -> bytes;

    private InterleavedReads() {
    }

    public static List<Measurement> run(int entries, List<Integer> threads, int rounds, long sliceMillis,
                                        PrintStream progress) throws InterruptedException {
        byte[][] keys = new byte[entries][];
        for (int i = 0; i < entries; i++) {
            keys[i] = Data.key(i);
        }
        List<Measurement> out = new ArrayList<>();
        try (KvStore store = KvStore.inMemory()) {
            ConcurrentHashMap<BytesKey, byte[]> chm = new ConcurrentHashMap<>();
            for (int start = 0; start < entries; start += 1000) {
                try (KvTransaction tx = store.begin()) {
                    for (int i = start; i < Math.min(entries, start + 1000); i++) {
                        byte[] v = Data.value(i);
                        tx.put(keys[i], v);
                        chm.put(new BytesKey(keys[i]), v);
                    }
                    tx.commit();
                }
            }
            String[] names = {"get (copy): kvstore-mem", "getView (no copy): kvstore-mem", "get: chm"};
            for (int t : threads) {
                Map<String, double[]> rates = new LinkedHashMap<>();
                for (String n : names) {
                    rates.put(n, new double[rounds]);
                }
                for (int round = 0; round < rounds; round++) {
                    for (int k = 0; k < names.length; k++) {
                        int which = (k + round) % names.length; // rotate the order round by round
                        rates.get(names[which])[round] = slice(which, t, sliceMillis, keys, store, chm);
                    }
                }
                for (String n : names) {
                    double[] r = rates.get(n);
                    Arrays.sort(r);
                    String op = n.substring(0, n.indexOf(':'));
                    String system = n.substring(n.indexOf(':') + 2);
                    Measurement m = new Measurement("engine-interleaved", op + ", " + t + (t == 1 ? " thread" : " threads"),
                            system, r[r.length / 2], (r[r.length - 1] - r[0]) / 2, "ops/s",
                            "median of " + rounds + " slices of " + sliceMillis + " ms, per CPU-second of the readers"
                                    + "; error = half the range");
                    progress.printf("[reads] interleaved %-14s %-22s %,.0f ops/s%n", system, m.workload(), m.value());
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** Ops per second of {@code threads} threads running loop {@code which} for {@code millis}. */
    private static double slice(int which, int threads, long millis, byte[][] keys, KvStore store,
                                ConcurrentHashMap<BytesKey, byte[]> chm) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLongArray counts = new AtomicLongArray(threads * 16);
        AtomicLongArray cpu = new AtomicLongArray(threads * 16);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        CountDownLatch ready = new CountDownLatch(threads);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int slot = t * 16;
            long seed = System.nanoTime() ^ (t + 1) * 0x9E3779B97F4A7C15L;
            Thread th = new Thread(() -> {
                ready.countDown();
                long c0 = mx.getCurrentThreadCpuTime();
                long n = switch (which) {
                    case 0 -> loopKvGet(store, keys, stop, seed);
                    case 1 -> loopKvView(store, keys, stop, seed);
                    default -> loopChm(chm, keys, stop, seed);
                };
                cpu.set(slot, mx.getCurrentThreadCpuTime() - c0);
                counts.set(slot, n);
            });
            th.setDaemon(true);
            ts.add(th);
            th.start();
        }
        ready.await();
        long t0 = System.nanoTime();
        Thread.sleep(millis);
        stop.set(true);
        long t1 = System.nanoTime();
        for (Thread th : ts) {
            th.join();
        }
        long total = 0;
        long cpuNanos = 0;
        for (int t = 0; t < threads; t++) {
            total += counts.get(t * 16);
            cpuNanos += cpu.get(t * 16);
        }
        // per CPU-second of one reader, times the readers: what the threads would do with a core each
        return cpuNanos <= 0 ? total / ((t1 - t0) / 1e9) : total / (cpuNanos / 1e9) * threads;
    }

    private static long next(long x) {
        x ^= x << 13;
        x ^= x >>> 7;
        return x ^ (x << 17);
    }

    private static long loopKvGet(KvStore store, byte[][] keys, AtomicBoolean stop, long x) {
        long n = 0;
        int sink = 0;
        while (!stop.get()) {
            x = next(x);
            byte[] v = store.get(keys[(int) ((x >>> 1) % keys.length)]);
            sink += v.length;
            n++;
        }
        return sink == 42 ? n + 1 : n;
    }

    private static long loopKvView(KvStore store, byte[][] keys, AtomicBoolean stop, long x) {
        long n = 0;
        int sink = 0;
        while (!stop.get()) {
            x = next(x);
            byte[] v = store.get(keys[(int) ((x >>> 1) % keys.length)], STORED);
            sink += v.length;
            n++;
        }
        return sink == 42 ? n + 1 : n;
    }

    private static long loopChm(ConcurrentHashMap<BytesKey, byte[]> chm, byte[][] keys, AtomicBoolean stop, long x) {
        long n = 0;
        int sink = 0;
        while (!stop.get()) {
            x = next(x);
            byte[] v = chm.get(new BytesKey(keys[(int) ((x >>> 1) % keys.length)]));
            sink += v.length;
            n++;
        }
        return sink == 42 ? n + 1 : n;
    }
}
