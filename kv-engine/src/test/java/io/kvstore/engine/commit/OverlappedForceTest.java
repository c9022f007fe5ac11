package io.kvstore.engine.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.io.FaultyFileLayer;
import io.kvstore.engine.wal.WalWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlappedForceTest {
    @TempDir
    Path dir;

    @Test
    void await_forceSucceeds_returnsWithTheLogForced() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer(1);
        try (WalWriter wal = WalWriter.open(fs, dir, 1, 1 << 20); OverlappedForce f = new OverlappedForce()) {
            wal.append(1, new byte[] {1, 2, 3});
            wal.write();
            long before = fs.forceCount();
            OverlappedForce.await(f.start(wal));
            assertEquals(before + 1, fs.forceCount());
            assertEquals(0, fs.unforcedBytes());
        }
    }

    @Test
    void await_forceFails_throwsItsIOException() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer(2);
        try (WalWriter wal = WalWriter.open(fs, dir, 1, 1 << 20); OverlappedForce f = new OverlappedForce()) {
            wal.append(1, new byte[] {1, 2, 3});
            wal.write();
            fs.failForces(1);
            Future<Void> force = f.start(wal);
            assertThrows(IOException.class, () -> OverlappedForce.await(force));
        }
    }

    @Test
    void await_callerInterrupted_waitsForTheForceAndKeepsTheInterrupt() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer(3);
        try (WalWriter wal = WalWriter.open(fs, dir, 1, 1 << 20); OverlappedForce f = new OverlappedForce()) {
            wal.append(1, new byte[] {1, 2, 3});
            wal.write();
            Future<Void> force = f.start(wal);
            Thread.currentThread().interrupt();
            OverlappedForce.await(force);
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
            assertTrue(force.isDone());
            assertEquals(0, fs.unforcedBytes());
        }
    }

    @Test
    void start_afterClose_forcesOnTheCallersThread() throws Exception {
        FaultyFileLayer fs = new FaultyFileLayer(4);
        try (WalWriter wal = WalWriter.open(fs, dir, 1, 1 << 20)) {
            OverlappedForce f = new OverlappedForce();
            f.close();
            wal.append(1, new byte[] {1, 2, 3});
            wal.write();
            Future<Void> force = f.start(wal);
            assertTrue(force.isDone());
            assertEquals(0, fs.unforcedBytes());
        }
    }
}
