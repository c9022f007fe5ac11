package io.kvstore.engine.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWatchTest {
    @TempDir
    Path dir;

    @Test
    void changed_afterCreateAndDelete_reportsTheChangeOnceItArrives() throws Exception {
        Path file = Files.writeString(dir.resolve("wal-x.log"), "x");
        try (DirectoryWatch watch = DirectoryWatch.of(dir)) {
            assertTrue(watch.isWorking(), "inotify watches are available here");
            assertFalse(watch.changed(), "nothing changed since the watch began");
            Files.delete(file);
            awaitChanged(watch);
            Files.writeString(dir.resolve("LOCK"), "1");
            awaitChanged(watch);
        }
    }

    @Test
    void changed_afterClose_isAlwaysTrue() {
        DirectoryWatch watch = DirectoryWatch.of(dir);
        watch.close();
        assertTrue(watch.changed());
        assertTrue(watch.changed());
    }

    @Test
    void of_missingDirectory_isAWatchThatAlwaysAnswersTrue() {
        try (DirectoryWatch watch = DirectoryWatch.of(dir.resolve("missing"))) {
            assertFalse(watch.isWorking());
            assertTrue(watch.changed());
        }
    }

    private static void awaitChanged(DirectoryWatch watch) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!watch.changed()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no change notification within 30 s");
            }
            Thread.sleep(1);
        }
    }
}
