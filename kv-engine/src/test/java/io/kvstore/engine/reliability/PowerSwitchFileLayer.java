package io.kvstore.engine.reliability;

import io.kvstore.engine.io.FaultyFileLayer;
import io.kvstore.engine.io.FileLayer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link FileLayer} over a {@link FaultyFileLayer} that can cut the power at any instant while store threads
 * are still running. {@link #powerLoss(FaultyFileLayer.CrashMode)} crashes the faulty layer and, in the same
 * critical section (the faulty layer's monitor, which every one of its operations holds), turns the power off:
 * from then on every call through this layer throws, as the channels the crash killed do. Without this, a
 * thread of the dead store could still rename or delete files on the "rebooted" disk after the crash, which no
 * real power loss allows. {@link #powerOn()} restores service for the reopen.
 *
 * <p>Thread-safety: safe for concurrent use.
 */
public final class PowerSwitchFileLayer implements FileLayer {
    private final FaultyFileLayer faulty;
    /** Guarded by the faulty layer's monitor. */
    private boolean off;

    public PowerSwitchFileLayer(FaultyFileLayer faulty) {
        this.faulty = faulty;
    }

    public FaultyFileLayer faulty() {
        return faulty;
    }

    /** Simulates a power loss now: un-forced data and un-synced directory changes meet {@code mode}. */
    public void powerLoss(FaultyFileLayer.CrashMode mode) throws IOException {
        synchronized (faulty) {
            off = true;
            faulty.crash(mode);
        }
    }

    public void powerOn() {
        synchronized (faulty) {
            off = false;
        }
    }

    private void check() throws IOException {
        if (off) {
            throw new IOException("simulated power loss: the machine is off");
        }
    }

    @Override
    public FileChannel open(Path file, boolean create, boolean readOnly) throws IOException {
        synchronized (faulty) {
            check();
            return faulty.open(file, create, readOnly);
        }
    }

    @Override
    public void atomicMove(Path from, Path to) throws IOException {
        synchronized (faulty) {
            check();
            faulty.atomicMove(from, to);
        }
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
        synchronized (faulty) {
            check();
            faulty.deleteIfExists(file);
        }
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        synchronized (faulty) {
            check();
            faulty.syncDirectory(dir);
        }
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        synchronized (faulty) {
            check();
            return faulty.list(dir);
        }
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        synchronized (faulty) {
            check();
            faulty.createDirectories(dir);
        }
    }

    @Override
    public long size(Path file) throws IOException {
        synchronized (faulty) {
            check();
            return faulty.size(file);
        }
    }
}
