package io.kvstore.bench.engine;

import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.SyncPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The durable-commit workload ({@code --durable-commit on}): single puts of new keys (16-byte keys, 100-byte
 * values) on a fresh file store under {@code sync=always}, each a commit that returns after its fdatasync, with 1
 * and 4 threads (group commit); commits/s and microseconds per commit, median of several rounds. Also the cost of
 * one {@code stat} of a file's identity (what the store adds per force to notice a deleted log segment or LOCK
 * file: two of them per commit group), so that the check's share of a durable commit can be read off one run.
 *
 * <p>Written for issue 10's "measure the durable-commit cost before/after": it uses only the public engine API, so
 * the same class runs against an older engine.
 */
public final class DurableCommitBench {
    private static final int VALUE_BYTES = 100;

    private final Path work;
    private final long seconds;
    private final int rounds;
    private final PrintStream out;

    public DurableCommitBench(Path work, long seconds, int rounds, PrintStream out) {
        this.work = work;
        this.seconds = seconds;
        this.rounds = rounds;
        this.out = out;
    }

    public void run(List<Integer> threads) throws Exception {
        out.printf("durable commit: sync=always, %d s per round, %d rounds, median%n", seconds, rounds);
        for (int t : threads) {
            List<Double> rates = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                rates.add(round(t, r));
            }
            Collections.sort(rates);
            double median = rates.get(rates.size() / 2);
            out.printf("  %d thread(s): %,.0f commits/s median (%.1f us per commit per thread); rounds %s%n", t,
                    median, t * 1e6 / median, rates.stream().map(x -> String.format("%,.0f", x)).toList());
        }
        out.printf("  stat of a file's identity: %.2f us per call (median of %d rounds)%n", statMicros(), rounds);
    }

    private double round(int threads, int round) throws Exception {
        Path dir = work.resolve("durable-commit-" + threads + "-" + round);
        deleteTree(dir);
        AtomicLong commits = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        try (KvStore store = KvStore.open(dir, KvOptions.builder().syncPolicy(SyncPolicy.ALWAYS).build())) {
            List<Thread> workers = new ArrayList<>();
            AtomicBoolean measuring = new AtomicBoolean();
            for (int i = 0; i < threads; i++) {
                int id = i;
                Thread th = new Thread(() -> {
                    byte[] value = new byte[VALUE_BYTES];
                    long n = 0;
                    while (!stop.get()) {
                        byte[] key = String.format("t%02d-%012d", id, n++).getBytes(StandardCharsets.US_ASCII);
                        store.put(key, value);
                        if (measuring.get()) {
                            commits.incrementAndGet();
                        }
                    }
                });
                workers.add(th);
                th.start();
            }
            Thread.sleep(500); // warm-up
            measuring.set(true);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000);
            long n = commits.get();
            long t1 = System.nanoTime();
            stop.set(true);
            for (Thread th : workers) {
                th.join();
            }
            return n * 1e9 / (t1 - t0);
        } finally {
            deleteTree(dir);
        }
    }

    /** Microseconds per {@code Files.readAttributes(...).fileKey()} of an existing file, median of the rounds. */
    private double statMicros() throws IOException {
        Files.createDirectories(work);
        Path file = Files.writeString(work.resolve("durable-commit-stat"), "x");
        List<Double> us = new ArrayList<>();
        Object sink = null;
        for (int r = 0; r < rounds; r++) {
            int n = 200_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            }
            us.add((System.nanoTime() - t0) / 1e3 / n);
        }
        Files.delete(file);
        if (sink == null) {
            out.println("  (this file system has no file keys)");
        }
        Collections.sort(us);
        return us.get(us.size() / 2);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
