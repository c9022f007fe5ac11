package io.kvstore.bench.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one small operation in a loop on N threads for a warm-up period and then a measured period, and reports
 * operations per second in the measured period only. Each thread gets its own {@link Worker} (its own connection
 * and statements), opened before the clock starts and closed after it stops.
 *
 * <p>The first exception thrown by any worker stops every thread; the result then carries it as its failure.
 *
 * <p>Thread-safety: each call of {@link #run} is independent.
 */
public final class TimedLoop {
    /** One thread's state: performs one operation per {@link #step()}. */
    public interface Worker extends AutoCloseable {
        /** Performs one operation. */
        void step() throws Exception;

        @Override
        void close() throws Exception;
    }

    /** Opens the worker of thread {@code index} (0-based). */
    public interface WorkerFactory {
        Worker open(int index) throws Exception;
    }

    /** Operations per second in the measured period, or the failure that stopped the run. */
    public record Result(double perSecond, long operations, double seconds, Throwable failure) {
    }

    private TimedLoop() {
    }

    public static Result run(int threads, WorkerFactory factory, long warmupMillis, long measureMillis)
            throws InterruptedException {
        return run(threads, factory, warmupMillis, measureMillis, null);
    }

    /**
     * {@link #run(int, WorkerFactory, long, long)}, calling {@code window} (if not null) right when the measured
     * period starts and again right when it ends, while the workers keep running.
     */
    public static Result run(int threads, WorkerFactory factory, long warmupMillis, long measureMillis, Runnable window)
            throws InterruptedException {
        List<Worker> workers = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                workers.add(factory.open(i));
            }
        } catch (Exception e) {
            closeAll(workers);
            return new Result(Double.NaN, 0, 0, e);
        }
        AtomicLongArray counts = new AtomicLongArray(threads * 16);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Worker w = workers.get(i);
            int slot = i * 16;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    long n = 0;
                    while (!stop.get()) {
                        w.step();
                        counts.lazySet(slot, ++n);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    stop.set(true);
                }
            }, "bench-worker-" + i);
            t.setDaemon(true);
            running.add(t);
            t.start();
        }
        start.countDown();
        sleepUnlessStopped(warmupMillis, stop);
        if (window != null) {
            window.run();
        }
        long c0 = sum(counts);
        long t0 = System.nanoTime();
        sleepUnlessStopped(measureMillis, stop);
        long c1 = sum(counts);
        long t1 = System.nanoTime();
        if (window != null) {
            window.run();
        }
        stop.set(true);
        for (Thread t : running) {
            t.join(TimeUnit.SECONDS.toMillis(120));
        }
        closeAll(workers);
        double seconds = (t1 - t0) / 1e9;
        if (failure.get() != null) {
            return new Result(Double.NaN, c1 - c0, seconds, failure.get());
        }
        return new Result((c1 - c0) / seconds, c1 - c0, seconds, null);
    }

    private static void sleepUnlessStopped(long millis, AtomicBoolean stop) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while (!stop.get() && (left = end - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    private static long sum(AtomicLongArray counts) {
        long s = 0;
        for (int i = 0; i < counts.length(); i += 16) {
            s += counts.get(i);
        }
        return s;
    }

    private static void closeAll(List<Worker> workers) {
        for (Worker w : workers) {
            try {
                w.close();
            } catch (Exception ignored) {
                // a failed close does not change what was measured
            }
        }
    }
}
