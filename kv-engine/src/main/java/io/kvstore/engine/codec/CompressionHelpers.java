package io.kvstore.engine.codec;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Shares the compression of one large write (a transaction of many values) between the writing thread and
 * process-wide helper threads, so that a single writer's commit uses the other cores for the codec
 * ({@link #forEach}). Values are compressed before the write enters the commit pipeline either way; this only
 * decides which threads do it. The writer always takes part, so a write never waits for a helper that has not
 * started (helpers busy with other writes simply take no part).
 *
 * <p>Design: the index range is cut into chunks of {@link #CHUNK} indexes claimed from one counter by the writer
 * and by up to {@code cores - 1} helper tasks; the writer, once no chunk is left to claim, waits only for chunks a
 * helper claimed and is still running. Helpers are daemon threads named {@code kvstore-compress-N}, started on
 * first use and kept for the life of the JVM: each holds its thread-local zstd contexts
 * ({@link ZstdDictionary}), whose native memory zstd-jni frees only on an explicit close, so recycling idle
 * helpers would leak a context per thread.
 *
 * <p>Thread-safe. The task must be safe to run for different indexes in different threads at once, and must not
 * throw: a throwable that escapes it in a helper is dropped, with the rest of that chunk left undone (for
 * compression that means stored plain, which is always correct).
 */
public final class CompressionHelpers {
    /** Indexes per claim: 64 values of ~400 B take ~100 us to compress, far more than a hand-over costs. */
    public static final int CHUNK = 64;
    /** Requests with fewer indexes are done by the writer alone. */
    public static final int MIN_PARALLEL = 2 * CHUNK;

    /** System property: how many helper threads (default one fewer than the processors; 0 turns them off). */
    public static final String HELPERS_PROPERTY = "kvstore.compressionHelpers";

    private static final int HELPERS = Math.max(0, Integer.getInteger(HELPERS_PROPERTY,
            Runtime.getRuntime().availableProcessors() - 1));
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static volatile ThreadPoolExecutor pool;

    private CompressionHelpers() {
    }

    /** Helper threads a write may use besides its own (one fewer than the processors, or {@link #HELPERS_PROPERTY}). */
    public static int helpers() {
        return HELPERS;
    }

    /**
     * Runs {@code task} once for each index in {@code [0, count)}, in this thread and, when {@code count} is at least
     * {@link #MIN_PARALLEL} and there is more than one processor, in helper threads at the same time; returns when
     * every index has been run (or abandoned by a helper's throwable). Writes the task makes are visible to the
     * caller on return.
     */
    public static void forEach(int count, IntConsumer task) {
        if (count < MIN_PARALLEL || HELPERS == 0) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        Share share = new Share(count, task, Thread.currentThread());
        int chunks = (count + CHUNK - 1) / CHUNK;
        ThreadPoolExecutor p = pool();
        for (int h = 0; h < Math.min(HELPERS, chunks - 1); h++) {
            p.execute(share::help);
        }
        share.work();
        share.awaitHelpers();
    }

    private static ThreadPoolExecutor pool() {
        ThreadPoolExecutor p = pool;
        if (p == null) {
            synchronized (CompressionHelpers.class) {
                p = pool;
                if (p == null) {
                    p = new ThreadPoolExecutor(HELPERS, HELPERS, 0, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>(), r -> {
                                Thread t = new Thread(r, "kvstore-compress-" + THREADS.incrementAndGet());
                                t.setDaemon(true);
                                // not the first writer's loader (a tool's plugin loader would stay pinned)
                                t.setContextClassLoader(CompressionHelpers.class.getClassLoader());
                                return t;
                            });
                    pool = p;
                }
            }
        }
        return p;
    }

    /** One write's indexes, shared by its writer and the helpers that get to it. */
    private static final class Share {
        private final int count;
        private final IntConsumer task;
        private final Thread writer;
        private final AtomicInteger next = new AtomicInteger();
        /** Chunks claimed by helpers and not finished yet. */
        private final AtomicInteger helping = new AtomicInteger();
        private volatile boolean writerDone;

        Share(int count, IntConsumer task, Thread writer) {
            this.count = count;
            this.task = task;
            this.writer = writer;
        }

        /** The writer's part: chunks until none is left. */
        void work() {
            for (int start; (start = next.getAndAdd(CHUNK)) < count; ) {
                run(start);
            }
            writerDone = true;
        }

        /** A helper's part: chunks until none is left; a helper that starts late finds none and returns. */
        void help() {
            while (next.get() < count) {
                helping.incrementAndGet(); // before claiming: the writer never sees 0 while a claim is open
                int start = next.getAndAdd(CHUNK);
                try {
                    if (start >= count) {
                        return;
                    }
                    run(start);
                } catch (Throwable t) {
                    // the rest of this chunk stays undone (stored plain): see the class contract
                } finally {
                    if (helping.decrementAndGet() == 0 && writerDone) {
                        LockSupport.unpark(writer); // at worst a spurious wake-up of a writer that moved on
                    }
                }
            }
        }

        private void run(int start) {
            for (int i = start, end = Math.min(count, start + CHUNK); i < end; i++) {
                task.accept(i);
            }
        }

        /** Waits until no helper holds a claimed chunk (the writer has claimed the last one already). */
        void awaitHelpers() {
            boolean interrupted = false;
            while (helping.get() != 0) {
                LockSupport.parkNanos(this, 100_000);
                if (Thread.interrupted()) {
                    interrupted = true; // the write cannot be abandoned half-compressed; keep the flag
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
