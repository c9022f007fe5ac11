package io.kvstore.engine.commit;

import io.kvstore.engine.wal.WalWriter;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Forces the log on a thread of its own, so that the commit leader can do the CPU work of the same group that
 * readers must not see before the force anyway (the ordered index's next, unpublished version) while the disk
 * writes, instead of after it.
 *
 * <p><b>Contract.</b> {@link #start} hands the force of {@code wal} to the forcing thread and returns at once;
 * {@link #await} returns when that force has returned, and throws what it threw. Between the two the caller
 * must not touch the {@link WalWriter}; {@code await}'s return gives the caller a happens-before edge with
 * everything the force did (the writer's durable position, or its failed state). The outcome of a force is
 * exactly that of calling {@link WalWriter#sync()} on the caller's thread.
 *
 * <p><b>Thread-safety.</b> One leader at a time ({@link CommitPipeline} calls it under its lock); at most one
 * force in flight. The thread is a daemon, started at the first {@link #start}, ended after five idle seconds
 * (and started again when needed) and for good at {@link #close}; any thread may call {@code close}.
 */
final class OverlappedForce implements AutoCloseable {
    /** One thread, started by the first force and ended after a few idle seconds (so an idle store holds none). */
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "kvstore-wal-force");
                t.setDaemon(true);
                return t;
            });

    OverlappedForce() {
        thread.allowCoreThreadTimeOut(true);
    }

    /**
     * Starts forcing {@code wal}; the caller must {@link #await} the returned force before touching the log.
     * After {@link #close} the force runs on the caller's thread before this returns.
     */
    Future<Void> start(WalWriter wal) throws IOException {
        try {
            return thread.submit(() -> {
                wal.sync();
                return null;
            });
        } catch (RejectedExecutionException closed) {
            wal.sync();
            return CompletableFuture.completedFuture(null);
        }
    }

    /**
     * Waits for {@code force} to end, without giving up on an interrupt (the force cannot be abandoned half way:
     * the interrupt is kept for the caller), and rethrows its failure.
     */
    static void await(Future<Void> force) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    force.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    if (c instanceof Error err) {
                        throw err;
                    }
                    throw new IOException(c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the forcing thread once its current force (if any) is done. */
    @Override
    public void close() {
        thread.shutdown();
    }
}
