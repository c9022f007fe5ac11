package io.kvstore.bench.writepath;

import io.kvstore.bench.Data;
import io.kvstore.bench.Dirs;
import io.kvstore.bench.Failures;
import io.kvstore.bench.jdbc.TimedLoop;
import io.kvstore.engine.KvStats;
import io.kvstore.engine.KvStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Durable commits at the engine API on a store with the default {@link io.kvstore.engine.SyncPolicy#ALWAYS}:
 * blocking {@code put} of new keys on N threads, and {@code putAsync} from one thread keeping up to W writes in
 * flight (how a network server's event loop writes). Reports commits/s with the average commit group and forces
 * per second of the measured period, from {@link KvStore#stats()}.
 *
 * <p>Thread-safety: confined to the calling thread.
 */
public final class EngineCommitBench {
    private EngineCommitBench() {
    }

    public static List<CommitRow> run(List<Integer> threads, List<Integer> windows, long warmupMillis,
                                      long measureMillis, Path work, PrintStream progress) throws Exception {
        List<CommitRow> out = new ArrayList<>();
        Path dir = work.resolve("commit-engine");
        Dirs.deleteRecursively(dir);
        Files.createDirectories(dir);
        byte[] value = Data.value(1);
        AtomicLong next = new AtomicLong();
        try (KvStore store = KvStore.open(dir.resolve("store"))) {
            for (int t : threads) {
                String workload = "engine put, " + t + (t == 1 ? " thread" : " threads");
                KvStats[] marks = new KvStats[2];
                int[] n = {0};
                TimedLoop.Result r = TimedLoop.run(t, index -> new TimedLoop.Worker() {
                    @Override
                    public void step() {
                        store.put(Data.key('e', next.getAndIncrement()), value);
                    }

                    @Override
                    public void close() {
                    }
                }, warmupMillis, measureMillis, () -> marks[n[0]++] = store.stats());
                out.add(report(progress, row(workload, r, marks)));
            }
            for (int w : windows) {
                String workload = "engine putAsync, 1 thread, " + w + " in flight";
                out.add(report(progress, async(store, workload, w, value, next, warmupMillis, measureMillis)));
            }
        } finally {
            Dirs.deleteRecursively(dir);
        }
        return out;
    }

    private static CommitRow async(KvStore store, String workload, int window, byte[] value, AtomicLong next,
                                   long warmupMillis, long measureMillis) throws InterruptedException {
        Semaphore inFlight = new Semaphore(window);
        AtomicLong completed = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        KvStats[] marks = new KvStats[2];
        int[] n = {0};
        TimedLoop.Result r = TimedLoop.run(1, index -> new TimedLoop.Worker() {
            @Override
            public void step() throws Exception {
                inFlight.acquire();
                store.putAsync(Data.key('a', next.getAndIncrement()), value).whenComplete((v, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                    completed.incrementAndGet();
                    inFlight.release();
                });
                if (failure.get() != null) {
                    throw new IllegalStateException("putAsync failed", failure.get());
                }
            }

            @Override
            public void close() throws InterruptedException {
                inFlight.acquire(window); // every write submitted has completed
                inFlight.release(window);
            }
        }, warmupMillis, measureMillis, () -> marks[n[0]++] = store.stats());
        // submitted, not completed, per second: at most `window` more than completed over the whole period
        return row(workload, r, marks);
    }

    private static CommitRow row(String workload, TimedLoop.Result r, KvStats[] marks) {
        if (r.failure() != null) {
            return CommitRow.failed(workload, "kvstore", Failures.oneLine(r.failure()));
        }
        long commits = marks[1].commits() - marks[0].commits();
        long groups = marks[1].commitGroups() - marks[0].commitGroups();
        long syncs = marks[1].walSyncs() - marks[0].walSyncs();
        // the store's own count of commits in the window: what completed, not what was submitted
        return new CommitRow(workload, "kvstore", commits / r.seconds(), groups == 0 ? Double.NaN
                : (double) commits / groups, syncs / r.seconds(), "");
    }

    private static CommitRow report(PrintStream progress, CommitRow row) {
        progress.println("[commit] " + row.line());
        return row;
    }
}
