package io.kvstore.bench.engine;

import io.kvstore.bench.ChildJvm;
import io.kvstore.bench.Data;
import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import io.kvstore.engine.SyncPolicy;
import io.kvstore.bench.report.LineChartWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code kv-bench --only ttl}: what expiry costs and how the sweep keeps up, on {@code keys} 16-byte keys with
 * 100-byte values, half of them with a time to live.
 *
 * <ol>
 *   <li>Memory: heap per entry measured in child JVMs ({@link TtlFootprintMain}, serial GC) with no TTLs, half
 *       and all with one, and what {@code stats().memoryUsed()} reports.</li>
 *   <li>Throughput, one thread, in memory: random {@code get} over a store without TTLs against one where half
 *       the keys have one (not yet due), and {@code put} against {@code putWithTtl}; rounds alternate the two sides
 *       and the median round is reported.</li>
 *   <li>The sweep: the TTLs are spread evenly over {@code spreadSeconds}; right after the load and then every two
 *       seconds (on the 2 s grid from the load's start, skipping the grid points the load overran) the run counts
 *       entries still held whose expiry has passed (held minus live, the live count known from the TTLs), and the
 *       CPU time of the store's maintenance thread (the sweep). The same samples are drawn as a PNG chart
 *       ({@link LineChartWriter}) when a chart path is given.</li>
 * </ol>
 *
 * Returns a Markdown section (which links the chart by its file name, for a page in the chart's directory).
 * Timings depend on the machine's load: compare within one run.
 */
public final class TtlBench {
    private static final long ROUND_NANOS = 1_000_000_000L;
    private static final int ROUNDS = 5;
    private static final long SAMPLE_MILLIS = 2000;

    private final int keys;
    private final int spreadSeconds;
    private final Path chart;
    private final PrintStream log;

    /**
     * @param chart where to write the sweep's PNG chart, or null for none
     */
    public TtlBench(int keys, int spreadSeconds, Path chart, PrintStream log) {
        this.keys = keys;
        this.spreadSeconds = spreadSeconds;
        this.chart = chart;
        this.log = log;
    }

    public String run() throws Exception {
        double loadStart = load();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%,d keys of %d bytes with %d-byte values; load average at start %.2f.%n%n",
                keys, Data.KEY_BYTES, Data.VALUE_BYTES, loadStart));
        md.append(memory()).append('\n');
        md.append(throughput()).append('\n');
        md.append(sweep()).append('\n');
        md.append(String.format(Locale.ROOT, "Load average at end %.2f.%n", load()));
        return md.toString();
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    // ---- memory

    private String memory() throws Exception {
        log.println("[ttl] memory: child JVMs with 0, half and all entries expiring");
        StringBuilder t = new StringBuilder("| entries with a TTL | heap bytes per entry (measured) | stats().memoryUsed() per entry |\n|---|---:|---:|\n");
        double[] measured = new double[3];
        int[] every = {0, 2, 1};
        String[] label = {"none", "half", "all"};
        for (int i = 0; i < 3; i++) {
            ChildJvm.Outcome o = ChildJvm.run(TtlFootprintMain.class, List.of("-XX:+UseSerialGC", "-Xmx4g"),
                    List.of(Integer.toString(keys), Integer.toString(every[i])), null, 600);
            String line = o.lines().stream().filter(l -> l.startsWith("ttlfootprint ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("exit " + o.exitCode() + ": " + o.stderrTail()));
            String[] f = line.split(" ");
            measured[i] = Double.parseDouble(f[3]) / keys;
            double reported = Double.parseDouble(f[4]) / keys;
            log.printf(Locale.ROOT, "[ttl] %s: %.1f bytes/entry measured, %.1f reported%n", label[i], measured[i],
                    reported);
            t.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n", label[i], measured[i], reported));
        }
        t.append(String.format(Locale.ROOT, "%nAn entry with a TTL costs %.1f bytes more than one without (all against "
                + "none); the expected figure is 8 (the expiry field; records round up to 8 bytes).%n", measured[2] - measured[0]));
        return "Memory (child JVM, serial GC, heap after full collections):\n\n" + t;
    }

    // ---- throughput

    private KvStore load(boolean halfWithTtl) {
        KvStore s = KvStore.inMemory(KvOptions.builder().syncPolicy(SyncPolicy.NONE).expirySweepMillis(0).build());
        long expires = System.currentTimeMillis() + 3_600_000;
        for (int start = 0; start < keys; start += 10_000) {
            try (KvTransaction tx = s.begin()) {
                for (int i = start; i < Math.min(keys, start + 10_000); i++) {
                    tx.put(Data.key(i), Data.value(i), halfWithTtl && (i & 1) == 0 ? expires : 0);
                }
                tx.commit();
            }
        }
        return s;
    }

    private String throughput() {
        log.println("[ttl] throughput: get and put, expiry off against on");
        byte[][] keyArray = new byte[keys][];
        for (int i = 0; i < keys; i++) {
            keyArray[i] = Data.key(i);
        }
        double[][] get = new double[2][ROUNDS];
        double[][] put = new double[2][ROUNDS];
        try (KvStore off = load(false); KvStore on = load(true)) {
            for (int r = 0; r < ROUNDS; r++) {
                get[0][r] = gets(off, keyArray, r);
                get[1][r] = gets(on, keyArray, r);
                put[0][r] = puts(off, keyArray, r, false);
                put[1][r] = puts(on, keyArray, r, true);
            }
        }
        double g0 = median(get[0]);
        double g1 = median(get[1]);
        double p0 = median(put[0]);
        double p1 = median(put[1]);
        log.printf(Locale.ROOT, "[ttl] get %.0f vs %.0f ops/s, put %.0f vs %.0f ops/s%n", g0, g1, p0, p1);
        return String.format(Locale.ROOT, "Throughput (one thread, in-memory store, sync none, median of %d "
                        + "alternating 1 s rounds):%n%n| operation | expiry off | expiry on | on/off |%n|---|---:|---:|---:|%n"
                        + "| get, random key (on: half the keys have a TTL, none due) | %,.0f ops/s | %,.0f ops/s | %.2f |%n"
                        + "| put (off) against putWithTtl 1 h (on), random key | %,.0f ops/s | %,.0f ops/s | %.2f |%n",
                ROUNDS, g0, g1, g1 / g0, p0, p1, p1 / p0);
    }

    private static double gets(KvStore s, byte[][] keyArray, int seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long ops = 0;
        long sink = 0;
        long start = System.nanoTime();
        long end = start + ROUND_NANOS;
        long now;
        do {
            for (int i = 0; i < 1024; i++) {
                byte[] v = s.get(keyArray[rnd.nextInt(keyArray.length)]);
                sink += v == null ? 0 : v.length;
            }
            ops += 1024;
        } while ((now = System.nanoTime()) < end);
        if (sink == 42) {
            System.out.print("");
        }
        return ops * 1e9 / (now - start);
    }

    private static double puts(KvStore s, byte[][] keyArray, int seed, boolean ttl) {
        SplittableRandom rnd = new SplittableRandom(seed + 1000);
        byte[] value = Data.value(seed);
        long ops = 0;
        long start = System.nanoTime();
        long end = start + ROUND_NANOS;
        long now;
        do {
            for (int i = 0; i < 256; i++) {
                byte[] k = keyArray[rnd.nextInt(keyArray.length)];
                if (ttl) {
                    s.putWithTtl(k, value, 3_600_000);
                } else {
                    s.put(k, value);
                }
            }
            ops += 256;
        } while ((now = System.nanoTime()) < end);
        return ops * 1e9 / (now - start);
    }

    private static double median(double[] a) {
        double[] c = a.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    // ---- sweep

    private String sweep() throws InterruptedException, IOException {
        log.printf("[ttl] sweep: %,d keys, half with TTLs spread over %d s; sampling every 2 s%n", keys, spreadSeconds);
        long spreadMs = spreadSeconds * 1000L;
        long[] expiries = new long[keys / 2];
        List<String> rows = new ArrayList<>();
        List<double[]> points = new ArrayList<>(); // t (s), expired but present, share of held TTL keys or NaN
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (KvStore s = KvStore.inMemory(KvOptions.builder().syncPolicy(SyncPolicy.NONE).build())) {
            long t0 = System.currentTimeMillis();
            int n = 0;
            for (int start = 0; start < keys; start += 10_000) {
                try (KvTransaction tx = s.begin()) {
                    for (int i = start; i < Math.min(keys, start + 10_000); i++) {
                        long exp = 0;
                        if ((i & 1) == 0) {
                            exp = t0 + 1 + (long) ((double) (i / 2) * spreadMs / (keys / 2));
                            expiries[n++] = exp;
                        }
                        tx.put(Data.key(i), Data.value(i), exp);
                    }
                    tx.commit();
                }
            }
            Arrays.sort(expiries, 0, n);
            long loaded = System.currentTimeMillis();
            long cpu0 = sweepCpuNanos(threads);
            long maxPresent = 0;
            double maxShare = 0;
            long sumPresent = 0;
            int samples = 0;
            long last = spreadMs + 6000;
            long t = loaded - t0; // the first sample right after the load, then on the 2 s grid
            do {
                long wait = t0 + t - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                long now = System.currentTimeMillis();
                long held = s.stats().count();
                int expiredByNow = upperBound(expiries, n, now);
                long live = keys - expiredByNow;
                long present = Math.max(0, held - live);
                long withTtlHeld = n - expiredByNow + present;
                double share = withTtlHeld == 0 ? 0 : 100.0 * present / withTtlHeld;
                long cpu = sweepCpuNanos(threads) - cpu0;
                double cpuPct = 100.0 * cpu / ((now - loaded) * 1e6);
                double shareAll = 100.0 * present / Math.max(1, held);
                double seconds = (now - t0) / 1000.0;
                rows.add(String.format(Locale.ROOT, "| %.1f | %,d | %,d | %.2f%% | %.2f%% | %.1f%% |", seconds,
                        expiredByNow, present, shareAll, share, cpuPct));
                log.printf(Locale.ROOT, "[ttl] t=%.1fs expired %,d, expired-but-present %,d (%.2f%% of held TTL keys),"
                        + " sweep cpu %.1f%%%n", seconds, expiredByNow, present, share, cpuPct);
                boolean ttlKeysLive = expiredByNow < n; // after that the share is of nothing
                points.add(new double[] {seconds, present, ttlKeysLive ? share : Double.NaN});
                if (ttlKeysLive) {
                    maxPresent = Math.max(maxPresent, present);
                    maxShare = Math.max(maxShare, share);
                    sumPresent += present;
                    samples++;
                }
                t = nextSample(System.currentTimeMillis() - t0, SAMPLE_MILLIS);
            } while (t <= last);
            StringBuilder md = new StringBuilder();
            md.append(String.format(Locale.ROOT, "The sweep (default settings: a cycle every 100 ms, at least 1/16 of"
                    + " the table per cycle, at most 25%% of the interval): %,d keys, %,d of them with TTLs spread evenly"
                    + " over %d s from the load (the load took %.1f s, so the first TTLs were due while it ran)."
                    + " \"Expired but present\" = entries held minus live entries, sampled right after the load and"
                    + " then every 2 s; t is seconds since the load started; the share is of"
                    + " the held entries that have a TTL; sweep CPU is the maintenance thread's CPU time since the"
                    + " load, as a share of one core.%n%n", keys, n, spreadSeconds, (loaded - t0) / 1000.0));
            if (chart != null) {
                drawChart(points, n, (loaded - t0) / 1000.0);
                md.append(String.format(Locale.ROOT, "![Expired-but-present entries and their share of the held TTL"
                        + " keys against time under the sweep](%s)%n%n", chart.getFileName()));
            }
            md.append("| t (s) | expired so far | expired but present | share of all held entries | share of held TTL keys"
                    + " | sweep CPU (one core) |\n|---:|---:|---:|---:|---:|---:|\n");
            rows.forEach(r -> md.append(r).append('\n'));
            md.append(String.format(Locale.ROOT, "%nWhile TTL keys remained live: at most %,d expired-but-present entries (at most %.2f%% of the held TTL"
                            + " keys), mean %,.0f. Redis documents a target of at most 10%% expired keys among those with a TTL "
                            + "with its active expire cycle bounded to 25%% CPU (not measured here: no Redis server on"
                            + " this machine).%n", maxPresent, maxShare, samples == 0 ? 0.0 : (double) sumPresent / samples));
            return md.toString();
        }
    }

    private void drawChart(List<double[]> points, int withTtl, double loadSeconds) throws IOException {
        double[] x = new double[points.size()];
        double[] present = new double[x.length];
        double[] share = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            present[i] = points.get(i)[1];
            share[i] = points.get(i)[2];
        }
        LineChartWriter.write(chart, String.format(Locale.ROOT, "Expired-but-present entries under the sweep"
                        + " (%,d keys, %,d TTLs spread over %d s)", keys, withTtl, spreadSeconds),
                "seconds since the load started", x,
                new LineChartWriter.Series("expired but present (entries)", "expired-but-present entries", present),
                new LineChartWriter.Series("share of held TTL keys, % (while some TTL keys are live)",
                        "% of held TTL keys", share),
                loadSeconds, "load ends");
        log.println("[ttl] chart: " + chart.toAbsolutePath());
    }

    /**
     * The next sample time after {@code elapsedMillis}: the first multiple of {@code stepMillis} strictly after it
     * (grid points already passed, for example during a long load, are skipped rather than sampled late).
     */
    static long nextSample(long elapsedMillis, long stepMillis) {
        if (stepMillis <= 0) {
            throw new IllegalArgumentException("step must be positive: " + stepMillis);
        }
        return (Math.max(0, elapsedMillis) / stepMillis + 1) * stepMillis;
    }

    /** Number of the first {@code n} sorted values that are {@code <= x}. */
    private static int upperBound(long[] a, int n, long x) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** CPU time of the store's maintenance thread (where the sweep runs), 0 if not found. */
    private static long sweepCpuNanos(ThreadMXBean threads) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("kvstore-maintenance")) {
                long c = threads.getThreadCpuTime(t.getId());
                return Math.max(0, c);
            }
        }
        return 0;
    }
}
