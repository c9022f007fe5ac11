package io.kvstore.engine.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/**
 * Tells, for the price of a queue poll, whether files may have been created, deleted or renamed in a directory since
 * the previous call: a {@link WatchService} (inotify on Linux) that is read without blocking. The store uses it to
 * decide when to {@code stat} its files ({@link FileIdentity}): a {@code stat} of the log segment right after its
 * {@code fdatasync} measured far more expensive in the commit path than the {@code stat} itself (see
 * docs/benchmarks.md, "Durable commit and file checks"), so it is done only when the directory changed.
 *
 * <p>Notifications arrive asynchronously (the JDK's watch thread reads them, typically microseconds to a
 * millisecond after the change), so a change is seen by the first call after its notification arrived, not
 * necessarily by the first call after the change. Where no watch can be had (no inotify instances left, a file system
 * without notifications), {@link #changed()} always answers true and the caller checks every time. Events that
 * overflow the kernel's queue, and a directory that is deleted (its watch invalidated), also answer true.
 *
 * <p>Thread-safety: {@link #changed()} is meant for one caller at a time (the commit leader); {@link #close()} is
 * thread-safe and idempotent, after which {@link #changed()} answers true.
 */
public final class DirectoryWatch implements Closeable {
    /** Null when unavailable. */
    private final WatchService service;
    private volatile boolean broken;

    private DirectoryWatch(WatchService service) {
        this.service = service;
        this.broken = service == null;
    }

    /** Watches {@code dir}; never throws: a watch that cannot be had makes {@link #changed()} always true. */
    public static DirectoryWatch of(Path dir) {
        WatchService ws = null;
        try {
            ws = dir.getFileSystem().newWatchService();
            dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
            return new DirectoryWatch(ws);
        } catch (IOException | RuntimeException e) {
            if (ws != null) {
                try {
                    ws.close();
                } catch (IOException ignored) {
                    // nothing to release beyond what close tried
                }
            }
            return new DirectoryWatch(null);
        }
    }

    /** Whether the watch works (false: {@link #changed()} answers true every time). */
    public boolean isWorking() {
        return !broken;
    }

    /** Whether files may have been created, deleted or renamed in the directory since the previous call. */
    public boolean changed() {
        if (broken) {
            return true;
        }
        WatchKey key;
        try {
            key = service.poll();
        } catch (ClosedWatchServiceException e) {
            broken = true;
            return true;
        }
        if (key == null) {
            return false;
        }
        key.pollEvents();
        if (!key.reset()) {
            broken = true; // the directory itself is gone or unwatchable
        }
        return true;
    }

    @Override
    public void close() {
        broken = true;
        if (service != null) {
            try {
                service.close();
            } catch (IOException ignored) {
                // the watch thread ends with the service either way
            }
        }
    }
}
