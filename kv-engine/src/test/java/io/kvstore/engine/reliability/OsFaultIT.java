package io.kvstore.engine.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvStoreInUseException;
import io.kvstore.engine.io.StoreFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 with real processes: a second process against a live owner whose LOCK was deleted, and (where
 * {@code strace} is installed and may trace) the issue's own reproduction of part 1, a final {@code fdatasync} made
 * to fail with EIO by the kernel's syscall fault injection.
 */
class OsFaultIT {
    @TempDir
    Path dir;

    @Test
    void open_lockDeletedWhileAnotherProcessOwnsTheStore_isRefusedAndTheOwnerStopsAcknowledging() throws Exception {
        Path store = dir.resolve("store");
        try (ChildJvm owner = ChildJvm.start(OsFaultChild.class, dir.resolve("owner.err"), line -> { },
                "owner", store.toString())) {
            await(owner, l -> l.equals("READY"), "the owner opened the store");
            Files.delete(store.resolve(StoreFiles.LOCK));

            KvStoreInUseException e = assertThrows(KvStoreInUseException.class, () -> KvStore.open(store));
            assertTrue(e.getMessage().contains("in use by another process"), e.getMessage());

            String failed = await(owner, l -> l.startsWith("FAILED "), "the owner notices its LOCK is gone");
            assertTrue(failed.contains("LOCK was"), failed); // deleted, or replaced by the refused opener's new LOCK
            assertThrows(KvStoreInUseException.class, () -> KvStore.open(store), "the failed owner still holds it");
            owner.kill();
            List<String> acked = new ArrayList<>();
            for (String l : owner.lines()) {
                if (l.startsWith("ACK ")) {
                    acked.add(l.substring(4));
                }
            }
            try (KvStore reopened = KvStore.open(store)) {
                for (int i = 0; i < 200; i++) {
                    assertNotNull(reopened.get(Payloads.bytes("k" + i)), "k" + i);
                }
                for (String k : acked) {
                    assertNotNull(reopened.get(Payloads.bytes(k)), k);
                }
            }
        }
    }

    @Test
    void close_finalFdatasyncFailsWithEioUnderStrace_closeThrowsAndSaysWhatWasLost() throws Exception {
        assumeTrue(straceWorks(), "strace is not installed or may not trace here");
        Path store = dir.resolve("store");
        List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-qq", "-o", dir.resolve("strace.log").toString(),
                "-e", "trace=fdatasync", "-e", "inject=fdatasync:error=EIO:when=1",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                OsFaultChild.class.getName(), "close-none", store.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("child.err").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child exits");

        assertTrue(out.startsWith("CLOSE_THREW "), out);
        assertTrue(out.contains("200 acknowledged commits (LSN 1..200) were not made durable"), out);
        try (KvStore reopened = KvStore.open(store)) {
            assertEquals(0, reopened.stats().count(), "the log was cut back to its last successful force");
        }
    }

    private static boolean straceWorks() {
        try {
            Process p = new ProcessBuilder("strace", "-qq", "-e", "trace=none", "true")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String await(ChildJvm child, Predicate<String> line, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (System.nanoTime() < deadline) {
            for (String l : child.lines()) {
                if (line.test(l)) {
                    return l;
                }
            }
            if (!child.isAlive()) {
                break;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("not within 40 s: " + what + "; child said " + child.lines());
    }
}
