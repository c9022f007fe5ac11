package io.kvstore.bench.engine;

import io.kvstore.bench.Data;
import io.kvstore.bench.Dirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH throughput benchmarks of single-key operations on a map preloaded with {@code entries} rows of 16-byte keys
 * and 100-byte values ({@link Data}). Every operation picks a uniformly random loaded key, so the map keeps its
 * size. Forks, iterations and threads are set by {@link EngineRunner}.
 *
 * <ul>
 *   <li>{@code get}: one lookup of a present key, the value returned as an array the caller owns (kvstore
 *       copies it out of its record);</li>
 *   <li>{@code getView}: the same lookup returning the stored bytes without a copy (kvstore
 *       {@code get(key, reader)}; ConcurrentHashMap and MVMap return their stored array either way);</li>
 *   <li>{@code put}: one overwrite of a present key (fresh value array from a small pool);</li>
 *   <li>{@code delete}: one delete of a present key followed by its re-insert, so one operation is a
 *       delete+put pair (the only way to keep deleting present keys at a steady size);</li>
 *   <li>{@code mixed}: 90% {@code get}, 10% {@code put}.</li>
 * </ul>
 *
 * <p>Not final and with public fields only because JMH's generated code subclasses it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EngineBenchmark {
    /** Which system: one of {@link EngineMaps#NAMES}. */
    @Param({"kvstore-mem", "kvstore-file", "chm", "mvmap"})
    public String system;

    /** Rows loaded before measuring. */
    @Param("1000000")
    public int entries;

    private static final int VALUE_POOL = 1024;

    private EngineMap map;
    private Path dir;
    private byte[][] keys;
    private byte[][] values;

    /**
     * Opens the system, loads it and checks a few rows; also keeps the keys so that measuring does not build them.
     */
    @Setup(Level.Trial)
    public void load() throws IOException {
        dir = Files.createTempDirectory("kv-bench-engine-");
        map = EngineMaps.open(system, dir.resolve("store"));
        keys = new byte[entries][];
        for (int i = 0; i < entries; i++) {
            keys[i] = Data.key(i);
        }
        map.load(entries);
        for (int i : new int[] {0, entries / 2, entries - 1}) {
            if (!java.util.Arrays.equals(map.get(keys[i]), Data.value(i))) {
                throw new IllegalStateException(system + " does not return the value loaded for row " + i);
            }
        }
        values = new byte[VALUE_POOL][];
        for (int i = 0; i < VALUE_POOL; i++) {
            values[i] = Data.value(entries + (long) i);
        }
    }

    /** Closes the system and deletes its files. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        map.close();
        Dirs.deleteRecursively(dir);
    }

    /** Per-thread random stream (xorshift; seeded per thread so that threads do not walk together). */
    @State(Scope.Thread)
    public static class Cursor {
        private long x;

        /** Seeds from the thread's identity and the clock. */
        @Setup(Level.Trial)
        public void seed() {
            x = System.nanoTime() ^ (Thread.currentThread().getId() * 0x9E3779B97F4A7C15L) | 1;
        }

        int next(int bound) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            return (int) ((x >>> 1) % bound);
        }
    }

    @Benchmark
    public byte[] get(Cursor c) {
        return map.get(keys[c.next(entries)]);
    }

    @Benchmark
    public Object getView(Cursor c) {
        return map.getView(keys[c.next(entries)]);
    }

    @Benchmark
    public void put(Cursor c) {
        map.put(keys[c.next(entries)], values[c.next(VALUE_POOL)]);
    }

    @Benchmark
    public boolean delete(Cursor c) {
        byte[] k = keys[c.next(entries)];
        boolean removed = map.delete(k);
        map.put(k, values[c.next(VALUE_POOL)]);
        return removed;
    }

    @Benchmark
    public Object mixed(Cursor c) {
        byte[] k = keys[c.next(entries)];
        if (c.next(10) == 0) {
            map.put(k, values[c.next(VALUE_POOL)]);
            return k;
        }
        return map.get(k);
    }
}
